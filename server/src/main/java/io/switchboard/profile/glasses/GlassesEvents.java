package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.Fields;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The glasses events the profile knows, with the fields each must carry to be passed on; any
 * other type is passed on as a stream of that name if the name is well formed.
 */
final class GlassesEvents {
  static final List<String> KNOWN = List.of("button_press", "head_position", "glasses_battery_update",
      "phone_battery_update", "glasses_connection_state", "location_update", "VAD", "phone_notification",
      "notification_dismissed", "calendar_event", "transcription");
  private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private GlassesEvents() {}

  /** The first problem with an event, or null when it may be passed on. */
  static Failure check(String type, ObjectNode m) {
    Fields f = new Fields(m);
    switch (type) {
      case "button_press" -> {
        f.string("buttonId", 64);
        f.string("pressType", 32);
      }
      case "head_position" -> f.string("position", 32);
      case "glasses_battery_update", "phone_battery_update" -> number(m, f, "level", 0, 100);
      case "glasses_connection_state" -> f.string("status", 64);
      case "location_update" -> {
        number(m, f, "lat", -90, 90);
        number(m, f, "lng", -180, 180);
      }
      case "VAD" -> vad(m, f);
      case "transcription" -> {
        f.string("text", 10_000);
        String language = f.optionalString("transcribeLanguage", 35);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
          f.fail("transcribeLanguage", "must be a language tag such as en-US");
        }
      }
      default -> {
        if (!STREAM_NAME.matcher(type).matches()) {
          f.fail("type", "must be 1 to 64 letters, digits or _ . : -");
        }
      }
    }
    return f.failure();
  }

  private static void number(ObjectNode m, Fields f, String field, double min, double max) {
    JsonNode v = m.get(field);
    if (v == null || !v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      f.fail(field, "must be a number from " + fmt(min) + " to " + fmt(max));
    }
  }

  private static void vad(ObjectNode m, Fields f) {
    JsonNode v = m.get("status");
    boolean ok = v != null && (v.isBoolean() || v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")));
    if (!ok) {
      f.fail("status", "must be true or false");
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
