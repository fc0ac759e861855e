package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One glasses event on its way to subscribed apps.
 *
 * @param names the stream names a subscription may use for it, the canonical one first
 *     ({@code location_update} is also {@code location_stream})
 * @param language for transcriptions, the language it is in (the default when the glasses named none)
 * @param gesture for touch events, the gesture name (for {@code touch_event:double_tap} subscriptions)
 * @param data what apps get as {@code data_stream.data}: the glasses' message
 */
record StreamEvent(List<String> names, String language, String gesture, ObjectNode data) {
  static final String TRANSCRIPTION = "transcription";
  static final String AUDIO = "audio_chunk";
  static final String TOUCH = "touch_event";

  private static final Map<String, List<String>> ALIASES = Map.of(
      "location_update", List.of("location_update", "location_stream"),
      "notification_dismissed", List.of("phone_notification_dismissed", "notification_dismissed"),
      "phone_notification_dismissed", List.of("phone_notification_dismissed", "notification_dismissed"));

  /** The event a glasses message of this type makes. */
  static StreamEvent of(String type, ObjectNode message, String defaultLanguage) {
    List<String> names = ALIASES.getOrDefault(type, List.of(type));
    String language = null;
    if (TRANSCRIPTION.equals(type)) {
      String given = message.path("transcribeLanguage").asText("");
      language = given.isBlank() ? defaultLanguage : given;
      message.put("transcribeLanguage", language);
    }
    String gesture = TOUCH.equals(type) ? message.path("gesture_name").asText(null) : null;
    return new StreamEvent(names, language, gesture, message);
  }

  String canonical() {
    return language == null ? names.get(0) : TRANSCRIPTION + ":" + language;
  }

  boolean isTranscription() {
    return language != null;
  }
}
