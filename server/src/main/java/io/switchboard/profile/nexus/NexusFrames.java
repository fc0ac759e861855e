package io.switchboard.profile.nexus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Answer;
import io.switchboard.provider.Passage;
import io.switchboard.provider.Usage;

/** Nexus messages: the envelope {@code {type, id, payload}}, with replies reusing the request's id. */
final class NexusFrames {
  private NexusFrames() {}

  static ObjectNode envelope(String type, JsonNode id) {
    ObjectNode o = Json.object().put("type", type);
    o.set("id", id == null ? Json.MAPPER.nullNode() : id);
    return o;
  }

  static String challenge(JsonNode id, String challenge) {
    ObjectNode o = envelope("auth_challenge", id);
    o.putObject("payload").put("challenge", challenge);
    return Json.write(o);
  }

  static String authSuccess(JsonNode id, Identity who) {
    ObjectNode o = envelope("auth", id);
    o.putObject("payload").put("status", "success").put("user", who.principal().userId());
    return Json.write(o);
  }

  static String authError(JsonNode id, Failure f) {
    ObjectNode o = envelope("auth", id);
    o.putObject("payload").put("status", "error").put("error", f.message()).put("code", f.code());
    return Json.write(o);
  }

  /** {@code {"type":"error","id","payload":{"error","code","details"?}}}. */
  static String error(JsonNode id, Failure f) {
    ObjectNode o = envelope("error", id);
    ObjectNode p = o.putObject("payload").put("error", f.message()).put("code", f.code());
    if (!f.details().isEmpty()) {
      p.set("details", Json.MAPPER.valueToTree(f.details()));
    }
    return Json.write(o);
  }

  static String pong(JsonNode id, String timestamp) {
    ObjectNode o = envelope("pong", id);
    o.putObject("payload").put("timestamp", timestamp);
    return Json.write(o);
  }

  static String delta(JsonNode id, String piece) {
    ObjectNode o = envelope("response_delta", id);
    o.putObject("payload").put("delta", piece);
    return Json.write(o);
  }

  /** The answer, its passages as one {@code context} string (and as {@code sources}), and the usage. */
  static String response(JsonNode id, Answer a) {
    ObjectNode o = envelope("response", id);
    ObjectNode p = o.putObject("payload").put("answer", a.text());
    if (!a.context().isEmpty()) {
      p.put("context", context(a));
      ArrayNode sources = p.putArray("sources");
      for (Passage s : a.context()) {
        sources.addObject().put("title", s.title()).put("source", s.source())
            .put("score", Math.round(s.score() * 1000) / 1000.0);
      }
    }
    Usage u = a.usage();
    p.putObject("usage").put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
        .put("total_tokens", u.totalTokens());
    return Json.write(o);
  }

  static String context(Answer a) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.context().size(); i++) {
      Passage s = a.context().get(i);
      b.append(i == 0 ? "" : "\n\n").append('[').append(i + 1).append("] ").append(s.title())
          .append(" (").append(s.source()).append(")\n").append(s.text());
    }
    return b.toString();
  }
}
