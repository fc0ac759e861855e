package io.switchboard.client.assistant.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.assistant.AnalysisResponse;
import io.switchboard.client.assistant.Audio;
import io.switchboard.client.assistant.ChatOptions;
import io.switchboard.client.assistant.ChatResponse;
import io.switchboard.client.assistant.StatusResponse;
import io.switchboard.client.assistant.Track;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The assistant messages the client builds and reads, and how replies are told apart. */
final class AssistantWire {
  private static final Set<String> CHAT_FIELDS = Set.of("message", "perspective", "request_id", "stream", "daw_context");

  private AssistantWire() {}

  static String type(JsonNode m) {
    return m.path("type").asText("");
  }

  static ObjectNode chat(String requestId, String message, ChatOptions o) {
    ObjectNode m = Json.object().put("type", "chat").put("message", message);
    if (o.perspective() != null) {
      m.put("perspective", o.perspective());
    }
    if (o.dawContext() != null && o.dawContext().isObject()) {
      m.set("daw_context", o.dawContext());
    }
    if (o.onDelta() != null) {
      m.put("stream", true);
    }
    return m.put("request_id", requestId);
  }

  static ObjectNode analyze(Track track, Audio audio, String analysisType) {
    ObjectNode m = Json.object().put("type", "analyze");
    ObjectNode t = m.putObject("track_data");
    putIf(t, "track_id", track.id());
    putIf(t, "track_name", track.name());
    putIf(t, "track_type", track.type());
    ObjectNode a = m.putObject("audio_data");
    if (audio.peakLevel() != null) {
      a.put("peak_level", audio.peakLevel());
    }
    if (audio.rmsLevel() != null) {
      a.put("rms_level", audio.rmsLevel());
    }
    if (audio.duration() != null) {
      a.put("duration", audio.duration());
    }
    if (audio.sampleRate() != null) {
      a.put("sample_rate", audio.sampleRate());
    }
    if (audio.channels() != null) {
      a.put("channels", audio.channels());
    }
    byte[] data = audio.data();
    if (data != null) {
      a.put("audio", Base64.getEncoder().encodeToString(data));
      putIf(a, "format", audio.format());
    }
    putIf(m, "analysis_type", analysisType);
    return m;
  }

  private static void putIf(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  /** The {@code chat_response} with this request id, or an error about a chat field. */
  static Predicate<JsonNode> chatReply(String requestId) {
    return m -> "chat_response".equals(type(m)) && requestId.equals(m.path("request_id").asText(null))
        || fieldError(m, f -> CHAT_FIELDS.contains(f));
  }

  /** The {@code analysis_response} for this track id, or an error about an analyze field. */
  static Predicate<JsonNode> analysisReply(String trackId) {
    return m -> "analysis_response".equals(type(m)) && sameTrack(m.get("trackId"), trackId)
        || fieldError(m, f -> f.startsWith("track_data") || f.startsWith("audio_data") || f.equals("analysis_type"));
  }

  private static boolean sameTrack(JsonNode got, String sent) {
    return sent == null ? got == null || got.isNull() : got != null && sent.equals(got.asText());
  }

  /** An {@code INVALID_MESSAGE} error whose {@code details.field} the predicate accepts. */
  private static boolean fieldError(JsonNode m, Predicate<String> field) {
    return "error".equals(type(m)) && ErrorCode.INVALID_MESSAGE.equals(m.path("code").asText())
        && m.path("details").path("field").isTextual() && field.test(m.path("details").path("field").asText());
  }

  static Predicate<JsonNode> is(String type) {
    return m -> type.equals(type(m));
  }

  /** The failure a {@code chat_response} reports ({@code status:"error"}), or null. */
  static ServerError chatFailure(JsonNode m) {
    if (!"error".equals(m.path("status").asText())) {
      return null;
    }
    String message = m.path("message").asText(m.path("response").asText(""));
    return new ServerError(m.path("code").asText(ErrorCode.PROVIDER_ERROR), message, null);
  }

  static ChatResponse chatResponse(JsonNode m) {
    List<ChatResponse.Passage> context = new ArrayList<>();
    for (JsonNode p : m.path("context")) {
      context.add(new ChatResponse.Passage(p.path("title").asText(null), p.path("source").asText(null),
          p.path("text").asText(null), p.path("score").asDouble()));
    }
    JsonNode u = m.get("usage");
    ChatResponse.Usage usage = u == null || !u.isObject() ? null : new ChatResponse.Usage(
        u.path("prompt_tokens").asInt(), u.path("completion_tokens").asInt(), u.path("total_tokens").asInt());
    return new ChatResponse(m.path("request_id").asText(null), m.path("response").asText(""),
        m.path("perspective").asText(null), m.path("confidence").asDouble(), context, usage,
        m.path("timestamp").asText(null));
  }

  static StatusResponse status(JsonNode m) {
    return new StatusResponse(m.path("status").asText(null), m.path("codette_available").asBoolean(),
        m.path("engine_type").asText(null), m.path("memory_size").asInt(), m.path("active_connections").asInt(),
        m.path("timestamp").asText(null));
  }

  static AnalysisResponse analysis(JsonNode m) {
    JsonNode a = m.path("analysis");
    List<String> suggestions = new ArrayList<>();
    a.path("mixing_suggestions").forEach(s -> suggestions.add(s.asText()));
    JsonNode trackId = m.get("trackId");
    JsonNode figures = a.get("figures");
    return new AnalysisResponse(m.path("status").asText(null), trackId == null || trackId.isNull() ? null
        : trackId.asText(), a.path("analysis_type").asText(null), a.path("codette_insights").asText(null), suggestions,
        a.path("quality_score").asDouble(), figures == null ? Json.object() : figures, m.path("timestamp").asText(null));
  }
}
