package io.switchboard.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates fields of a JSON object, keeping the first failure as a value
 * (INVALID_MESSAGE naming the field). Read every field, then check {@link #failure()} once.
 */
public final class Fields {
  private final JsonNode node;
  private Failure failure;

  public Fields(JsonNode node) {
    this.node = node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
  }

  /** A required string of 1..maxLength characters. */
  public String string(String field, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fail(field, "is required");
    }
    if (!v.isTextual()) {
      return fail(field, "must be a string");
    }
    String s = v.asText();
    if (s.isEmpty() || s.length() > maxLength) {
      return fail(field, "must be 1 to " + maxLength + " characters");
    }
    return s;
  }

  /** An optional string of at most maxLength characters; null when absent. */
  public String optionalString(String field, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return string(field, maxLength);
  }

  /**
   * A required string from a fixed set. The answer is the set's own instance, so a value kept for a
   * connection's life (a device type, say) costs no copy per connection.
   */
  public String oneOf(String field, Set<String> allowed) {
    String s = string(field, 64);
    if (s == null) {
      return null;
    }
    for (String a : allowed) {
      if (a.equals(s)) {
        return a;
      }
    }
    return fail(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
  }

  /** A required JSON object. */
  public ObjectNode object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fail(field, "is required");
    }
    if (!(v instanceof ObjectNode o)) {
      return fail(field, "must be an object");
    }
    return o;
  }

  /** An optional whole number at least min; {@code absent} when missing. */
  public long optionalLong(String field, long min, long absent) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min) {
      fail(field, "must be a whole number of at least " + min);
      return absent;
    }
    return v.asLong();
  }

  /** Records a failure for a field found invalid by the caller's own rule. */
  public <T> T fail(String field, String reason) {
    if (failure == null) {
      failure = Failure.of(ErrorCode.INVALID_MESSAGE, "Field '" + field + "' " + reason,
          Map.of("field", field, "reason", reason));
    }
    return null;
  }

  public boolean ok() {
    return failure == null;
  }

  /** The first failure, or null. */
  public Failure failure() {
    return failure;
  }
}
