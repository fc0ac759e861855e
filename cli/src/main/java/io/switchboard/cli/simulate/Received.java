package io.switchboard.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;

/** One line for each thing the glasses receive, display events spelled out. */
final class Received {
  private Received() {}

  static String describe(JsonNode m) {
    String type = m.path("type").asText();
    return switch (type) {
      case "connection_ack" -> "connected: session " + m.path("sessionId").asText();
      case "display_event" -> display(m);
      case "app_state_change" -> "app " + m.path("packageName").asText() + ": " + m.path("status").asText()
          + (m.hasNonNull("error") ? " (" + m.get("error").asText() + ")" : "");
      case "microphone_state_change" -> "microphone: " + (m.path("isMicrophoneEnabled").asBoolean() ? "on " : "off ")
          + m.path("requiredData");
      case "error", "connection_error" -> type + " " + m.path("code").asText() + ": " + m.path("message").asText();
      default -> type + ": " + m;
    };
  }

  private static String display(JsonNode m) {
    JsonNode l = m.path("layout");
    String what = switch (l.path("layoutType").asText()) {
      case "text_wall" -> l.path("text").asText();
      case "double_text_wall" -> l.path("topText").asText() + " | " + l.path("bottomText").asText();
      case "reference_card" -> l.path("title").asText() + ": " + l.path("text").asText();
      case "dashboard_card" -> l.path("leftText").asText() + " | " + l.path("rightText").asText();
      case "bitmap_view" -> "(bitmap, " + l.path("data").asText().length() + " base64 characters)";
      case "clear_view" -> "(cleared)";
      default -> l.toString();
    };
    String from = m.hasNonNull("packageName") ? " " + m.get("packageName").asText() : "";
    String time = m.hasNonNull("durationMs") ? " for " + m.get("durationMs").asLong() + " ms" : "";
    return "display [" + m.path("view").asText("main") + "]" + from + ": " + what + time;
  }
}
