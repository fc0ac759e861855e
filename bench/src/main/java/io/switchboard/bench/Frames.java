package io.switchboard.bench;

/** Reads single fields out of compact or spaced JSON text without parsing the whole frame. */
final class Frames {
  private Frames() {}

  /** The string value of the first {@code "key":"..."} in the text, or null. */
  static String string(String text, String key) {
    int i = valueStart(text, key);
    if (i < 0 || i >= text.length() || text.charAt(i) != '"') {
      return null;
    }
    int end = text.indexOf('"', i + 1);
    return end < 0 ? null : text.substring(i + 1, end);
  }

  /** The whole-number value of the first {@code "key":N} in the text, or {@code missing}. */
  static long number(String text, String key, long missing) {
    int i = valueStart(text, key);
    if (i < 0 || i >= text.length()) {
      return missing;
    }
    boolean negative = text.charAt(i) == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      digits++;
    }
    if (digits == 0) {
      return missing;
    }
    return negative ? -v : v;
  }

  private static int valueStart(String text, String key) {
    String quoted = "\"" + key + "\"";
    int i = text.indexOf(quoted);
    if (i < 0) {
      return -1;
    }
    i += quoted.length();
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ':')) {
      i++;
    }
    return i;
  }
}
