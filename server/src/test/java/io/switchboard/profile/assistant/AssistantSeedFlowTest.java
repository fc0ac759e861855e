package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Tokens;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's documented exchange on ws://host:8000/ws, with the built-in engine and bundled knowledge. */
class AssistantSeedFlowTest {
  private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @TempDir
  Path dataDir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.ASSISTANT_MEMORY, "4"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WsProbe connect() {
    return WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/ws");
  }

  @Test
  void theWscatSessionGetsTheDocumentedReplies() {
    try (WsProbe ws = connect()) {
      JsonNode welcome = ws.next();
      assertThat(welcome.path("type").asText()).isEqualTo("connection");
      assertThat(welcome.path("status").asText()).isEqualTo("connected");
      assertThat(welcome.path("codette_available").asBoolean()).isTrue();
      assertThat(welcome.path("message").asText()).isNotBlank();
      assertThat(welcome.path("timestamp").asText()).matches(TIME);

      ws.send("{\"type\": \"ping\"}");
      JsonNode pong = ws.next();
      assertThat(pong.path("type").asText()).isEqualTo("pong");
      assertThat(pong.path("timestamp").asText()).matches(TIME);

      ws.send("{\"type\": \"chat\", \"message\": \"Hello!\"}");
      JsonNode reply = ws.next();
      assertThat(reply.path("type").asText()).isEqualTo("chat_response");
      assertThat(reply.path("status").asText()).isEqualTo("success");
      assertThat(reply.path("response").asText()).contains("knowledge base");
      assertThat(reply.path("perspective").asText()).isEqualTo("mix_engineering");
      assertThat(reply.path("timestamp").asText()).matches(TIME);
    }
  }

  @Test
  void chatAnswersFromTheBundledKnowledgeWithContextAndHonestUsage() {
    try (WsProbe ws = connect()) {
      ws.await("connection");
      ws.send(Json.object().put("type", "chat").put("message", "How should I mix vocals?")
          .put("perspective", "mix_engineering"));
      JsonNode reply = ws.await("chat_response");
      String answer = reply.path("response").asText();
      assertThat(answer).startsWith("From the knowledge base:").contains("vocal").contains("bundled/vocals.md");
      assertThat(reply.path("context")).isNotEmpty();
      assertThat(reply.path("context").get(0).path("source").asText()).startsWith("bundled/");
      assertThat(reply.path("confidence").asDouble()).isBetween(0.5, 1.0);
      JsonNode usage = reply.path("usage");
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(Tokens.count(answer));
      assertThat(usage.path("prompt_tokens").asInt()).isGreaterThan(Tokens.count("How should I mix vocals?"));
      assertThat(usage.path("total_tokens").asInt())
          .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }
  }

  @Test
  void statusReportsRealConnectionsEngineAndBoundedMemory() {
    try (WsProbe a = connect(); WsProbe b = connect()) {
      a.await("connection");
      b.await("connection");
      a.send("{\"type\":\"status\"}");
      JsonNode status = a.await("status_response");
      assertThat(status.path("status").asText()).isEqualTo("ok");
      assertThat(status.path("active_connections").asInt()).isEqualTo(2);
      assertThat(status.path("engine_type").asText()).isEqualTo("switchboard.retrieval");
      assertThat(status.path("memory_size").asInt()).isZero();
      assertThat(status.path("codette_available").asBoolean()).isTrue();

      for (String q : new String[] {"How much headroom?", "What about compression on bass?", "And loudness?"}) {
        a.send(Json.object().put("type", "chat").put("message", q));
        a.await("chat_response");
        a.send("{\"type\":\"status\"}");
        a.await("status_response");
      }
      a.send("{\"type\":\"status\"}");
      assertThat(a.await("status_response").path("memory_size").asInt()).isEqualTo(4);
      b.send("{\"type\":\"status\"}");
      assertThat(b.await("status_response").path("memory_size").asInt()).isZero();
    }
    try (WsProbe c = connect()) {
      c.await("connection");
      Awaitility.await().atMost(WsProbe.WAIT).until(() -> {
        c.send("{\"type\":\"status\"}");
        return c.await("status_response").path("active_connections").asInt() == 1;
      });
    }
  }

  @Test
  void streamingSendsChatDeltasThatAddUpToTheResponse() {
    try (WsProbe ws = connect()) {
      ws.await("connection");
      ws.send(Json.object().put("type", "chat").put("message", "How do I set gain staging?").put("stream", true)
          .put("request_id", "q1"));
      StringBuilder streamed = new StringBuilder();
      JsonNode m;
      while ((m = ws.next()).path("type").asText().equals("chat_delta")) {
        assertThat(m.path("request_id").asText()).isEqualTo("q1");
        streamed.append(m.path("delta").asText());
      }
      assertThat(m.path("type").asText()).isEqualTo("chat_response");
      assertThat(m.path("request_id").asText()).isEqualTo("q1");
      assertThat(streamed.toString()).isNotEmpty().isEqualTo(m.path("response").asText());
    }
  }

  @Test
  void badMessagesGetTheSeedsErrorShapeWithACode() {
    try (WsProbe ws = connect()) {
      ws.await("connection");
      ws.send("{not json");
      JsonNode bad = ws.nextError("INVALID_JSON");
      assertThat(bad.path("message").asText()).isEqualTo("Invalid JSON format");
      assertThat(bad.path("timestamp").asText()).matches(TIME);
      ws.send("{\"type\":\"xyz\"}");
      assertThat(ws.nextError("UNKNOWN_TYPE").path("message").asText()).isEqualTo("Unknown message type: xyz");
      ws.send("{\"type\":\"chat\"}");
      assertThat(ws.nextError("INVALID_MESSAGE").path("details").path("field").asText()).isEqualTo("message");
      ws.send("{\"type\":\"ping\"}");
      assertThat(ws.next().path("type").asText()).isEqualTo("pong");
    }
  }
}
