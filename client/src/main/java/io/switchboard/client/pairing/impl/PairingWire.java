package io.switchboard.client.pairing.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.pairing.AudioChunk;
import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairingEvent;
import io.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The pairing profile's messages: building what the client sends, reading what the server sends. */
final class PairingWire {
  private static final Set<String> IDENTIFY_FIELDS = Set.of("device_type", "session_id", "user_agent", "type");
  private static final Set<String> JOIN_FIELDS = Set.of("channel", "device_type", "session_id", "last_seq", "type");

  private PairingWire() {}

  static ObjectNode identify(DeviceRole role, String sessionId, String userAgent) {
    ObjectNode m = Json.object().put("type", "identify").put("device_type", role.wire()).put("session_id", sessionId);
    if (userAgent != null) {
      m.put("user_agent", userAgent);
    }
    return m;
  }

  /** {@code join_channel}; {@code lastSeq} < 0 leaves {@code last_seq} out (no replay). */
  static ObjectNode join(String channel, DeviceRole role, String sessionId, long lastSeq) {
    ObjectNode m = Json.object().put("type", "join_channel").put("channel", channel).put("device_type", role.wire())
        .put("session_id", sessionId);
    if (lastSeq >= 0) {
      m.put("last_seq", lastSeq);
    }
    return m;
  }

  static ObjectNode settingsSync(String channel, JsonNode settings) {
    ObjectNode m = Json.object().put("type", "settings_sync").put("channelId", channel);
    m.set("settings", settings);
    return m;
  }

  static ObjectNode channelMessage(String channel, JsonNode payload) {
    ObjectNode m = Json.object().put("type", "channel_message").put("channelId", channel);
    m.set("payload", payload);
    return m;
  }

  static ObjectNode stateUpdate(String stateType, JsonNode data) {
    ObjectNode payload = Json.object().put("action", "STATE_UPDATE").put("stateType", stateType);
    payload.set("data", data);
    return payload;
  }

  static ObjectNode audio(AudioChunk chunk) {
    ObjectNode m = Json.object().put("type", "audio_chunk").put("data", chunk.data());
    if (chunk.chunkId() != null) {
      m.put("chunk_id", chunk.chunkId());
    }
    if (chunk.format() != null) {
      m.put("format", chunk.format());
    }
    if (chunk.sampleRate() > 0) {
      m.put("sample_rate", chunk.sampleRate());
    }
    return m;
  }

  static ObjectNode ping(long sequence) {
    return Json.object().put("type", "ping").put("sequence", sequence);
  }

  // ---- replies -----------------------------------------------------------------------------

  static Predicate<JsonNode> type(String type) {
    return m -> type.equals(m.path("type").asText());
  }

  static Predicate<JsonNode> pong(long sequence) {
    return m -> "pong".equals(m.path("type").asText()) && m.path("sequence").asLong(-1) == sequence;
  }

  /** {@code identified}, or an error about one of identify's fields. */
  static Predicate<JsonNode> identifyReply() {
    return type("identified").or(m -> isError(m) && IDENTIFY_FIELDS.contains(m.path("details").path("field").asText()));
  }

  /** {@code channel_joined} for this channel, or an error about it or about join's fields. */
  static Predicate<JsonNode> joinReply(String channel) {
    return m -> switch (m.path("type").asText()) {
      case "channel_joined" -> channel.equals(m.path("channel").asText());
      case "error" -> channel.equals(m.path("details").path("channel").asText())
          || JOIN_FIELDS.contains(m.path("details").path("field").asText())
          || m.path("message").asText().startsWith("Join failed");
      default -> false;
    };
  }

  private static boolean isError(JsonNode m) {
    return "error".equals(m.path("type").asText());
  }

  /** The channel a message is about: {@code channelId}, else {@code channel}; null when neither. */
  static String channelOf(JsonNode m) {
    JsonNode id = m.get("channelId");
    if (id == null || !id.isTextual()) {
      id = m.get("channel");
    }
    return id != null && id.isTextual() ? id.asText() : null;
  }

  // ---- events ------------------------------------------------------------------------------

  static PairingEvent.Joined joined(JsonNode m) {
    List<PairingEvent.Member> members = new ArrayList<>();
    for (JsonNode n : m.path("members")) {
      members.add(new PairingEvent.Member(n.path("client_id").asText(null), n.path("device_type").asText(null),
          n.path("session_id").asText(null)));
    }
    JsonNode state = m.path("state");
    JsonNode settings = state.has("settings") ? state.get("settings") : Json.object();
    JsonNode states = state.has("states") ? state.get("states") : Json.object();
    return new PairingEvent.Joined(m.path("channel").asText(), m.path("paired").asBoolean(), m.path("seq").asLong(0),
        List.copyOf(members), settings, states);
  }

  static PairingEvent.PairingSuccess pairingSuccess(JsonNode m) {
    String channel = m.has("channelId") ? m.path("channelId").asText() : m.path("channel_id").asText(null);
    return new PairingEvent.PairingSuccess(m.path("code").asText(null), channel, m.path("message").asText(null));
  }

  static PairingEvent.PeerJoined peerJoined(JsonNode m) {
    return new PairingEvent.PeerJoined(m.path("client_id").asText(null), m.path("device_type").asText(null));
  }

  static PairingEvent.PeerDisconnected peerDisconnected(JsonNode m) {
    String type = m.path("type").asText();
    return new PairingEvent.PeerDisconnected(type.substring(0, type.indexOf('_')), m.path("session_id").asText(null),
        m.path("channel").asText(null), m.path("reason").asText(null), m.path("force_disconnect").asBoolean(false));
  }

  static PairingEvent.SettingsSync settings(JsonNode m) {
    return new PairingEvent.SettingsSync(channelOf(m), m.path("settings"), m.path("seq").asLong(-1));
  }

  static PairingEvent.ChannelMessage channelMessage(JsonNode m) {
    return new PairingEvent.ChannelMessage(channelOf(m), m.path("payload"), m.path("seq").asLong(-1));
  }

  static PairingEvent.Audio audio(JsonNode m) {
    return new PairingEvent.Audio(new AudioChunk(m.path("chunk_id").asText(null), m.path("data").asText(""),
        m.path("format").asText(null), m.path("sample_rate").asInt(0)));
  }
}
