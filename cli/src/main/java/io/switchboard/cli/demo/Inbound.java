package io.switchboard.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** What one of the demo's sockets received, in arrival order. */
sealed interface Inbound {
  /** How the demo reports it when it was not what a step expected. */
  String describe();

  /** A text message; {@code json} is null when the text is not JSON. */
  record Text(String raw, JsonNode json) implements Inbound {
    String type() {
      return json == null ? null : json.path("type").asText(null);
    }

    @Override
    public String describe() {
      if ("error".equals(type())) {
        return "error " + json.path("code").asText("?") + " \"" + json.path("message").asText("") + "\""
            + (json.has("details") ? " " + json.get("details") : "");
      }
      String text = json == null ? "non-JSON text " + raw : raw;
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }

  /** A binary message. */
  record Binary(byte[] data) implements Inbound {
    @Override
    public String describe() {
      return "a binary message of " + data.length + " bytes";
    }
  }

  /** The socket closed; code and reason are those of the server's close frame, if any. */
  record Closed(Short code, String reason) implements Inbound {
    @Override
    public String describe() {
      return "the socket closed" + (code == null ? "" : " (" + code
          + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
    }
  }

  /** The socket failed. */
  record Failed(Throwable cause) implements Inbound {
    @Override
    public String describe() {
      return "a socket error: " + StepTimer.describe(cause);
    }
  }
}
