package io.switchboard.profile.assistant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.provider.Answer;
import io.switchboard.provider.Passage;
import io.switchboard.provider.Usage;
import io.switchboard.protocol.Json;
import java.time.Instant;

/** The assistant's outgoing messages, in the seed's shapes (extra fields only where they help). */
final class AssistantFrames {
  private AssistantFrames() {}

  static String connection(Instant now) {
    return Json.write(Json.object().put("type", "connection").put("status", "connected")
        .put("message", "Connected to the Switchboard assistant").put("codette_available", true)
        .put("timestamp", Json.time(now)));
  }

  static String pong(Instant now) {
    return Json.write(Json.object().put("type", "pong").put("timestamp", Json.time(now)));
  }

  static String chatResponse(ChatRequest req, Answer a, Instant now) {
    ObjectNode o = base("chat_response", req).put("status", "success").put("response", a.text())
        .put("perspective", req.perspective()).put("confidence", a.confidence());
    ArrayNode context = o.putArray("context");
    for (Passage p : a.context()) {
      context.addObject().put("title", p.title()).put("source", p.source()).put("text", p.text())
          .put("score", Math.round(p.score() * 1000) / 1000.0);
    }
    o.set("usage", usage(a.usage()));
    return Json.write(o.put("timestamp", Json.time(now)));
  }

  /** A failed chat: still a chat_response (the seed's clients wait for one), with the reason in plain words. */
  static String chatError(ChatRequest req, Failure f, Instant now) {
    ObjectNode o = base("chat_response", req).put("status", "error").put("response", f.message())
        .put("message", f.message()).put("code", f.code()).put("perspective", req.perspective())
        .put("confidence", 0.0);
    return Json.write(o.put("timestamp", Json.time(now)));
  }

  static String chatDelta(ChatRequest req, String piece) {
    return Json.write(base("chat_delta", req).put("delta", piece).put("perspective", req.perspective()));
  }

  static String status(String engine, int memory, int active, Instant now) {
    return Json.write(Json.object().put("type", "status_response").put("status", "ok").put("codette_available", true)
        .put("engine_type", engine).put("memory_size", memory).put("active_connections", active)
        .put("timestamp", Json.time(now)));
  }

  static String analysis(AnalysisRequest r, Figures f, Instant now) {
    ObjectNode analysis = Json.object().put("analysis_type", r.analysisType())
        .put("codette_insights", Advice.insights(f, r));
    ArrayNode suggestions = analysis.putArray("mixing_suggestions");
    Advice.suggestions(f).forEach(suggestions::add);
    analysis.put("quality_score", Advice.score(f));
    analysis.set("figures", f.toJson());
    ObjectNode o = Json.object().put("type", "analysis_response").put("status", "success").put("trackId", r.trackId());
    o.set("analysis", analysis);
    return Json.write(o.put("timestamp", Json.time(now)));
  }

  static ObjectNode usage(Usage u) {
    return Json.object().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
        .put("total_tokens", u.totalTokens());
  }

  private static ObjectNode base(String type, ChatRequest req) {
    ObjectNode o = Json.object().put("type", type);
    if (req.requestId() != null) {
      o.put("request_id", req.requestId());
    }
    return o;
  }
}
