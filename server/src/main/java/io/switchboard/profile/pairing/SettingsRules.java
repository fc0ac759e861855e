package io.switchboard.profile.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Fields;
import java.util.Iterator;
import java.util.Map;

/**
 * Validates {@code settings_sync.settings}: the known fields must have the documented type and
 * range; other fields pass through untouched (apps add their own).
 */
final class SettingsRules {
  private SettingsRules() {}

  private record Range(double min, double max) {}

  private static final Map<String, Range> NUMBERS = Map.of(
      "audioGain", new Range(0, 100),
      "chunkDuration", new Range(0.5, 30),
      "overlapPercent", new Range(0, 50),
      "paragraphBreakDuration", new Range(0, 60));
  private static final java.util.Set<String> BOOLEANS = java.util.Set.of("autoGainEnabled", "vadEnabled");
  private static final Map<String, Integer> STRINGS = Map.of("language", 35, "model", 100);

  /** Records the first bad field in {@code fields}, prefixed with {@code settings.}. */
  static void check(ObjectNode settings, Fields fields) {
    for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      String field = "settings." + name;
      Range r = NUMBERS.get(name);
      if (r != null) {
        if (!v.isNumber() || v.asDouble() < r.min() || v.asDouble() > r.max()) {
          fields.fail(field, "must be a number from " + fmt(r.min()) + " to " + fmt(r.max()));
        }
      } else if (BOOLEANS.contains(name)) {
        if (!v.isBoolean()) {
          fields.fail(field, "must be true or false");
        }
      } else if (STRINGS.containsKey(name)) {
        if (!v.isTextual() || v.asText().length() > STRINGS.get(name)) {
          fields.fail(field, "must be a string of at most " + STRINGS.get(name) + " characters");
        }
      }
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
