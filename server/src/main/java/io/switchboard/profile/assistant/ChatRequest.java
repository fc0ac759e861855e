package io.switchboard.profile.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Fields;
import java.util.Locale;

/**
 * A parsed {@code chat} message. Beyond the seed's fields: {@code stream:true} asks for
 * {@code chat_delta} pieces before the {@code chat_response}, and an optional {@code request_id}
 * is echoed on both so a client with several questions in flight can tell the answers apart.
 */
record ChatRequest(String message, String perspective, String dawSummary, boolean stream, String requestId) {
  static final int MAX_MESSAGE = 8000;
  static final String DEFAULT_PERSPECTIVE = "mix_engineering";

  static ChatRequest parse(ObjectNode msg, Fields f) {
    String message = f.string("message", MAX_MESSAGE);
    String perspective = f.optionalString("perspective", 64);
    String requestId = f.optionalString("request_id", 128);
    JsonNode stream = msg.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      f.fail("stream", "must be true or false");
    }
    JsonNode daw = msg.get("daw_context");
    if (daw != null && !daw.isNull() && !daw.isObject()) {
      f.fail("daw_context", "must be an object");
    }
    return new ChatRequest(message, perspective == null ? DEFAULT_PERSPECTIVE : perspective, summary(daw),
        stream != null && stream.asBoolean(false), requestId);
  }

  /** What steers the answer: the perspective in words, and the selected track. */
  String guidance() {
    String p = "Perspective: " + perspective.replace('_', ' ').toLowerCase(Locale.ROOT) + ".";
    return dawSummary.isEmpty() ? p : p + " " + dawSummary;
  }

  private static String summary(JsonNode daw) {
    if (daw == null || !daw.isObject()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    JsonNode selected = daw.path("selected_track");
    String name = text(selected, "track_name", "name");
    String type = text(selected, "track_type", "type");
    if (!name.isEmpty() || !type.isEmpty()) {
      b.append("Selected track: ").append(name.isEmpty() ? "unnamed" : name)
          .append(type.isEmpty() ? "" : " (" + type + ")").append('.');
    }
    if (daw.path("tracks").isArray()) {
      b.append(b.length() > 0 ? " " : "").append("The session has ").append(daw.path("tracks").size())
          .append(" tracks.");
    }
    return b.toString();
  }

  private static String text(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode v = node.path(field);
      if (v.isTextual() && !v.asText().isBlank()) {
        String s = v.asText().strip();
        return s.length() > 100 ? s.substring(0, 100) : s;
      }
    }
    return "";
  }
}
