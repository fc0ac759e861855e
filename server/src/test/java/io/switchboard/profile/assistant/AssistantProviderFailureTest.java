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
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine that fails, hangs or loses its client: always a chat_response with status error, never a hang. */
class AssistantProviderFailureTest {
  @TempDir
  Path dataDir;
  FakeOpenAi upstream;
  TestServer server;

  @BeforeEach
  void start() {
    upstream = FakeOpenAi.start();
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PROVIDER_ENGINE, "openai",
        Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "800"));
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  private WsProbe connect() {
    WsProbe ws = WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/ws");
    ws.await("connection");
    return ws;
  }

  @Test
  void aHangingEngineGivesAnErrorReplyAtTheTimeoutAndItsRequestIsAborted() {
    upstream.mode(FakeOpenAi.Mode.HANG);
    try (WsProbe ws = connect()) {
      long started = System.nanoTime();
      ws.send(Json.object().put("type", "chat").put("message", "How should I mix bass?"));
      JsonNode reply = ws.await("chat_response");
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(reply.path("status").asText()).isEqualTo("error");
      assertThat(reply.path("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
      assertThat(reply.path("message").asText()).startsWith("No answer within 0.8 s");
      assertThat(reply.path("response").asText()).isEqualTo(reply.path("message").asText());
      assertThat(tookMs).isBetween(700L, 8000L);
      Awaitility.await().atMost(WsProbe.WAIT).until(() -> upstream.aborted() == 1);
      ws.send("{\"type\":\"status\"}");
      assertThat(ws.await("status_response").path("memory_size").asInt()).isZero();
    }
  }

  @Test
  void aClientThatDisconnectsCancelsItsPendingCall() {
    upstream.mode(FakeOpenAi.Mode.HANG);
    server.close();
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PROVIDER_ENGINE, "openai",
        Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "60000"));
    WsProbe ws = connect();
    ws.send(Json.object().put("type", "chat").put("message", "How should I mix bass?"));
    Awaitility.await().atMost(WsProbe.WAIT).until(() -> upstream.requests().size() == 1);
    assertThat(upstream.aborted()).isZero();
    ws.drop();
    Awaitility.await().atMost(WsProbe.WAIT).until(() -> upstream.aborted() == 1);
  }

  @Test
  void anUpstreamErrorIsExplainedInPlainWords() {
    upstream.mode(FakeOpenAi.Mode.ERROR).error(401, "Incorrect API key provided: sk-te***ey.");
    try (WsProbe ws = connect()) {
      ws.send(Json.object().put("type", "chat").put("message", "Hello"));
      JsonNode reply = ws.await("chat_response");
      assertThat(reply.path("status").asText()).isEqualTo("error");
      assertThat(reply.path("code").asText()).isEqualTo("PROVIDER_ERROR");
      assertThat(reply.path("message").asText())
          .isEqualTo("The language model service refused the request (HTTP 401): Incorrect API key provided: sk-te***ey.");
    }
  }

  @Test
  void tooManyQuestionsAtOnceAreRefusedUntilAnswersCome() {
    upstream.mode(FakeOpenAi.Mode.HANG);
    try (WsProbe ws = connect()) {
      for (int i = 0; i < 5; i++) {
        ws.send(Json.object().put("type", "chat").put("message", "How should I mix bass? " + i));
      }
      JsonNode busy = ws.await("chat_response");
      assertThat(busy.path("code").asText()).isEqualTo("PROVIDER_BUSY");
      for (int i = 0; i < 4; i++) {
        assertThat(ws.await("chat_response").path("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
      }
    }
  }
}
