package io.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.provider.Passage;
import io.switchboard.provider.Question;
import io.switchboard.provider.Turn;
import io.switchboard.protocol.Json;
import java.util.List;

/** The JSON of {@code /chat/completions} requests, and what is read back from replies. */
final class ChatRequests {
  private ChatRequests() {}

  /**
   * A request: the system prompt with the guidance and the numbered passages, the remembered
   * conversation, then the question.
   */
  static ObjectNode body(OpenAiSettings s, Question q, List<Passage> passages, boolean stream) {
    ObjectNode body = Json.object().put("model", s.model()).put("max_tokens", s.maxTokens());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system(s, q, passages));
    for (Turn t : q.history()) {
      messages.addObject().put("role", t.role() == Turn.Role.USER ? "user" : "assistant").put("content", t.text());
    }
    messages.addObject().put("role", "user").put("content", q.query());
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  static String system(OpenAiSettings s, Question q, List<Passage> passages) {
    StringBuilder b = new StringBuilder(s.systemPrompt());
    if (!q.guidance().isBlank()) {
      b.append("\n\n").append(q.guidance());
    }
    if (passages.isEmpty()) {
      b.append("\n\nNo passage of the knowledge base matched this question.");
      return b.toString();
    }
    b.append("\n\nPassages from the knowledge base (cite them by number):");
    for (int i = 0; i < passages.size(); i++) {
      Passage p = passages.get(i);
      b.append("\n\n[").append(i + 1).append("] ").append(p.title()).append(" (").append(p.source()).append(")\n")
          .append(p.text());
    }
    return b.toString();
  }

  /** The text of a reply's first choice ({@code message.content}, or a stream chunk's {@code delta.content}). */
  static String content(JsonNode reply, String field) {
    JsonNode choice = reply.path("choices").path(0);
    JsonNode c = choice.path(field).path("content");
    return c.isTextual() ? c.asText() : "";
  }

  /** The upstream's own error message ({@code error.message}), or null. */
  static String errorMessage(JsonNode reply) {
    if (reply == null) {
      return null;
    }
    JsonNode m = reply.path("error").path("message");
    if (m.isTextual()) {
      return m.asText();
    }
    return reply.path("error").isTextual() ? reply.path("error").asText() : null;
  }
}
