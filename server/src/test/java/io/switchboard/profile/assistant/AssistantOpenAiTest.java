package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeOpenAi;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible engine against a server speaking OpenAI's wire format: answers, streams, passages. */
class AssistantOpenAiTest {
  @TempDir
  Path dataDir;
  FakeOpenAi upstream;
  TestServer server;
  WsProbe ws;

  @BeforeEach
  void start() {
    upstream = FakeOpenAi.start();
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PROVIDER_ENGINE, "openai",
        Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.OPENAI_API_KEY, "test-key", Keys.OPENAI_MODEL, "test-model"));
    ws = WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/ws");
    ws.await("connection");
  }

  @AfterEach
  void stop() {
    ws.close();
    server.close();
    upstream.close();
  }

  @Test
  void theModelGetsTheRetrievedPassagesAndItsAnswerAndUsageComeBack() {
    ws.send(Json.object().put("type", "chat").put("message", "How should I mix bass?"));
    JsonNode reply = ws.await("chat_response");
    assertThat(reply.path("status").asText()).isEqualTo("success");
    assertThat(reply.path("response").asText()).isEqualTo("Keep the bass steady with gentle compression.");
    assertThat(reply.path("usage").path("prompt_tokens").asInt()).isEqualTo(321);
    assertThat(reply.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
    assertThat(reply.path("usage").path("total_tokens").asInt()).isEqualTo(333);
    assertThat(reply.path("context").get(0).path("source").asText()).isEqualTo("bundled/low-end.md");

    JsonNode request = upstream.requests().get(0);
    assertThat(upstream.authorizations()).containsExactly("Bearer test-key");
    assertThat(request.path("model").asText()).isEqualTo("test-model");
    assertThat(request.path("stream").asBoolean(false)).isFalse();
    JsonNode messages = request.path("messages");
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText()).contains("[1] Low end: bass and kick")
        .contains("Perspective: mix engineering.");
    assertThat(messages.get(messages.size() - 1).path("content").asText()).isEqualTo("How should I mix bass?");

    ws.send("{\"type\":\"status\"}");
    JsonNode status = ws.await("status_response");
    assertThat(status.path("engine_type").asText()).isEqualTo("openai:test-model");
    assertThat(status.path("memory_size").asInt()).isEqualTo(2);
    ws.send(Json.object().put("type", "chat").put("message", "And the kick?"));
    ws.await("chat_response");
    JsonNode second = upstream.requests().get(1).path("messages");
    assertThat(second.get(1).path("content").asText()).isEqualTo("How should I mix bass?");
    assertThat(second.get(2).path("role").asText()).isEqualTo("assistant");
  }

  @Test
  void streamingRelaysTheServerSentChunksAsChatDeltas() {
    upstream.mode(FakeOpenAi.Mode.STREAM).chunks(List.of("Cut ", "mud around ", "300 Hz, ", "then compress."));
    ws.send(Json.object().put("type", "chat").put("message", "How should I EQ a vocal?").put("stream", true));
    StringBuilder deltas = new StringBuilder();
    JsonNode m;
    int pieces = 0;
    while ((m = ws.next()).path("type").asText().equals("chat_delta")) {
      deltas.append(m.path("delta").asText());
      pieces++;
    }
    assertThat(pieces).isEqualTo(4);
    assertThat(m.path("type").asText()).isEqualTo("chat_response");
    assertThat(m.path("response").asText()).isEqualTo("Cut mud around 300 Hz, then compress.").isEqualTo(deltas.toString());
    assertThat(m.path("usage").path("total_tokens").asInt()).isEqualTo(209);
    assertThat(upstream.requests().get(0).path("stream").asBoolean()).isTrue();
    assertThat(upstream.requests().get(0).path("stream_options").path("include_usage").asBoolean()).isTrue();
  }
}
