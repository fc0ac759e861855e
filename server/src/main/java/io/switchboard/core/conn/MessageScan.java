package io.switchboard.core.conn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A message read in one streaming pass without building its tree: its top-level fields and the
 * fields of its top-level objects, each with the kind of its value and, for short strings, the
 * string (inside objects, only for the field names the caller asks for). It is what the relay path
 * needs of a frame it forwards as it came (the type, the channel, that the payload is an object and
 * what it says it does), at a fraction of the tree's allocation.
 *
 * <p>{@link #of} gives null whenever the message is not a plain case: not valid JSON, not an
 * object, trailing tokens, no string {@code type}, a type the caller did not ask for, a field named
 * twice at one level, or more fields than a scan keeps. The caller then reads the message as a
 * tree, which produces the errors; a scan never decides a message is bad.
 */
public final class MessageScan {
  /** Kinds of value: a string kept, an object, anything else (a string too long to keep among them). */
  private static final byte STRING = 1;
  private static final byte OBJECT = 2;
  private static final byte OTHER = 3;

  private static final int MAX_FIELDS = 32;
  private static final int MAX_STRING = 256;

  private final Set<String> nestedStrings;
  private String[] names = new String[8];
  private byte[] kinds = new byte[8];
  private String[] strings = new String[8];
  /** The index of the object a field is in, or -1 at the top level. */
  private int[] parents = new int[8];
  private int size;
  private String type;

  private MessageScan(Set<String> nestedStrings) {
    this.nestedStrings = nestedStrings;
  }

  /**
   * Scans {@code text}; null unless it is a JSON object whose string {@code type} {@code wanted}
   * accepts, read without surprises (see the class comment). Strings inside top-level objects are
   * kept for the names in {@code nestedStrings} only.
   */
  public static MessageScan of(String text, Predicate<String> wanted, Set<String> nestedStrings) {
    try (JsonParser p = Json.MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      MessageScan m = new MessageScan(nestedStrings);
      if (!m.fields(p, -1, wanted) || m.type == null || p.nextToken() != null) {
        return null;
      }
      return m;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads one object's fields up to its END_OBJECT; false to give up. */
  private boolean fields(JsonParser p, int parent, Predicate<String> wanted) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (size == MAX_FIELDS || index(parent, name) >= 0) {
        return false;
      }
      if (size == names.length) {
        grow();
      }
      int i = size++;
      names[i] = name;
      parents[i] = parent;
      if (v == JsonToken.VALUE_STRING) {
        boolean kept = (parent < 0 || nestedStrings.contains(name)) && p.getTextLength() <= MAX_STRING;
        kinds[i] = kept ? STRING : OTHER;
        strings[i] = kept ? p.getText() : null;
      } else if (v == JsonToken.START_OBJECT && parent < 0) {
        kinds[i] = OBJECT;
        if (!fields(p, i, wanted)) {
          return false;
        }
      } else {
        kinds[i] = v == JsonToken.START_OBJECT ? OBJECT : OTHER;
        p.skipChildren();
      }
      if (parent < 0 && name.equals("type")) {
        if (kinds[i] != STRING || !wanted.test(strings[i])) {
          return false;
        }
        type = strings[i];
      }
    }
    return true;
  }

  private void grow() {
    int n = names.length * 2;
    names = Arrays.copyOf(names, n);
    kinds = Arrays.copyOf(kinds, n);
    strings = Arrays.copyOf(strings, n);
    parents = Arrays.copyOf(parents, n);
  }

  private int index(int parent, String name) {
    for (int i = 0; i < size; i++) {
      if (parents[i] == parent && names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The message's type. */
  public String type() {
    return type;
  }

  /** Whether the message has a top-level field of that name, whatever its value. */
  public boolean has(String field) {
    return index(-1, field) >= 0;
  }

  /** A top-level field's value if it is a string of at most 256 characters; otherwise null. */
  public String string(String field) {
    int i = index(-1, field);
    return i >= 0 && kinds[i] == STRING ? strings[i] : null;
  }

  /** Whether a top-level field's value is an object. */
  public boolean isObject(String field) {
    int i = index(-1, field);
    return i >= 0 && kinds[i] == OBJECT;
  }

  /**
   * A field of a top-level object, if its value is a string of at most 256 characters and its name
   * was one of the scan's {@code nestedStrings}; otherwise null.
   */
  public String string(String object, String field) {
    int o = index(-1, object);
    if (o < 0 || kinds[o] != OBJECT) {
      return null;
    }
    int i = index(o, field);
    return i >= 0 && kinds[i] == STRING ? strings[i] : null;
  }
}
