package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error the server sent: its stable machine {@code code} (see
 * {@link io.switchboard.protocol.ErrorCode}), a human {@code message} and optional {@code details}.
 */
public record ServerError(String code, String message, JsonNode details) {

  /**
   * The error a message carries, or null when it is not an error. Understands the common shape
   * {@code {"type":"error","code","message","details"}} and the nexus shape
   * {@code {"type":"error","payload":{"error","code"}}}.
   */
  public static ServerError fromMessage(JsonNode msg) {
    if (msg == null || !"error".equals(msg.path("type").asText())) {
      return null;
    }
    JsonNode payload = msg.path("payload");
    String code = text(msg, "code", text(payload, "code", "UNKNOWN"));
    String message = text(msg, "message", text(payload, "error", text(msg, "error", "")));
    JsonNode details = msg.get("details");
    return new ServerError(code, message, details == null || details.isNull() ? null : details);
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : fallback;
  }
}
