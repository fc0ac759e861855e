package io.switchboard.bench;

/**
 * How a target frames messages. The generator builds and reads frames with plain string operations
 * (no JSON tree per message), so that its own cost per message stays small next to the server's.
 */
interface Codec {
  /** A frame of the given type; {@code fields} is the body without braces, e.g. {@code "sequence":5}. */
  String frame(String type, String fields);

  /** The message type of a received frame, or null when it has none. */
  String type(String frame);

  /** Handles a transport-level frame (Socket.IO's engine ping); true when consumed. */
  default boolean control(Link link, String frame) {
    return false;
  }

  /** JSON objects with a leading "type" field: Switchboard's pairing profile and the simple peers. */
  Codec JSON = new Codec() {
    @Override
    public String frame(String type, String fields) {
      return fields.isEmpty() ? "{\"type\":\"" + type + "\"}" : "{\"type\":\"" + type + "\"," + fields + "}";
    }

    @Override
    public String type(String frame) {
      return Frames.string(frame, "type");
    }
  };

  /** Socket.IO 4 over its WebSocket transport: events are {@code 42["name",{...}]}. */
  Codec SOCKET_IO = new Codec() {
    @Override
    public String frame(String type, String fields) {
      return "42[\"" + type + "\",{" + fields + "}]";
    }

    @Override
    public String type(String frame) {
      if (frame.startsWith("42[\"")) {
        int end = frame.indexOf('"', 4);
        return end < 0 ? null : frame.substring(4, end);
      }
      if (frame.startsWith("40")) {
        return "sio_connected";
      }
      if (frame.startsWith("44")) {
        return "error";
      }
      return null;
    }

    @Override
    public boolean control(Link link, String frame) {
      if (frame.equals("2")) {
        link.send("3");
        return true;
      }
      return frame.length() > 0 && frame.charAt(0) == '0';
    }
  };
}
