package io.switchboard.profile.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Tokens;
import io.switchboard.provider.retrieval.KnowledgeIndex;
import io.switchboard.testing.FakeOpenAi;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ask → response with the request's id, answer, context and usage; teams scope what the engine draws on. */
class NexusAskTest {
  @TempDir
  Path dataDir;
  @TempDir
  Path docs;
  TestServer server;
  NexusDriver nexus;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir);
    nexus = new NexusDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void askGetsAResponseWithTheSameIdAnswerContextAndUsage() {
    try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
      ws.send(NexusDriver.message("ask", "q-42", Json.object().put("query", "How much headroom should I leave?")));
      JsonNode r = ws.await("response");
      assertThat(r.path("id").asText()).isEqualTo("q-42");
      JsonNode p = r.path("payload");
      assertThat(p.path("answer").asText()).contains("headroom").contains("bundled/headroom.md");
      assertThat(p.path("context").asText()).startsWith("[1] Headroom");
      assertThat(p.path("sources").get(0).path("source").asText()).isEqualTo("bundled/headroom.md");
      JsonNode u = p.path("usage");
      assertThat(u.path("completion_tokens").asInt()).isEqualTo(Tokens.count(p.path("answer").asText()));
      assertThat(u.path("total_tokens").asInt()).isEqualTo(u.path("prompt_tokens").asInt()
          + u.path("completion_tokens").asInt());
    }
  }

  @Test
  void teamIdScopesTheKnowledgeAndKeysMayBeLimitedToTeams() throws Exception {
    Files.writeString(docs.resolve("synths.md"), "# Zephyrine synths\n\nThe zephyrine patch wants a slow attack.\n");
    KnowledgeIndex.addDirectory(KnowledgeIndex.indexDir(server.config()), "acme", docs);
    try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
      ws.send(NexusDriver.message("ask", "q-1", Json.object().put("query", "zephyrine attack").put("team_id", "acme")));
      assertThat(ws.await("response").path("payload").path("answer").asText()).contains("slow attack");
      ws.send(NexusDriver.message("ask", "q-2", Json.object().put("query", "zephyrine")));
      JsonNode other = ws.await("response").path("payload");
      assertThat(other.path("answer").asText()).startsWith("I found nothing about that").doesNotContain("slow attack");
      assertThat(other.has("context")).isFalse();
    }
    try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("partner", "acme"))) {
      ws.send(NexusDriver.message("ask", "q-3", Json.object().put("query", "headroom")));
      JsonNode refused = NexusDriver.awaitError(ws, "TEAM_NOT_ALLOWED");
      assertThat(refused.path("id").asText()).isEqualTo("q-3");
      assertThat(refused.path("payload").path("error").asText()).contains("'default'");
      ws.send(NexusDriver.message("ask", "q-4", Json.object().put("query", "zephyrine").put("team_id", "acme")));
      assertThat(ws.await("response").path("id").asText()).isEqualTo("q-4");
    }
  }

  @Test
  void streamingSendsResponseDeltasBeforeTheResponse() {
    try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
      ws.send(NexusDriver.message("ask", "s-1", Json.object().put("query", "compression on vocals").put("stream", true)));
      StringBuilder streamed = new StringBuilder();
      JsonNode m;
      while ((m = ws.next()).path("type").asText().equals("response_delta")) {
        assertThat(m.path("id").asText()).isEqualTo("s-1");
        streamed.append(m.path("payload").path("delta").asText());
      }
      assertThat(m.path("type").asText()).isEqualTo("response");
      assertThat(streamed.toString()).isEqualTo(m.path("payload").path("answer").asText());
    }
  }

  @Test
  void badMessagesGetNexusErrorsWithCodes() {
    try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
      ws.send("{oops");
      JsonNode bad = NexusDriver.awaitError(ws, "INVALID_JSON");
      assertThat(bad.path("payload").path("error").asText()).isEqualTo("Invalid JSON format");
      assertThat(bad.get("id").isNull()).isTrue();
      ws.send(NexusDriver.message("ask", "q-1", Json.object()));
      JsonNode invalid = NexusDriver.awaitError(ws, "INVALID_MESSAGE");
      assertThat(invalid.path("id").asText()).isEqualTo("q-1");
      assertThat(invalid.path("payload").path("error").asText()).contains("'query'");
      ws.send(NexusDriver.message("dance", "d-1", Json.object()));
      assertThat(NexusDriver.awaitError(ws, "UNKNOWN_TYPE").path("payload").path("error").asText())
          .isEqualTo("Unknown message type: dance");
    }
  }

  @Test
  void aSlowEngineGivesATimeoutErrorWithTheRequestsId() {
    server.close();
    try (FakeOpenAi upstream = FakeOpenAi.start().mode(FakeOpenAi.Mode.HANG)) {
      server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PROVIDER_ENGINE, "openai",
          Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "500"));
      nexus = new NexusDriver(server);
      try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
        ws.send(NexusDriver.message("ask", "slow-1", Json.object().put("query", "How should I mix bass?")));
        JsonNode err = NexusDriver.awaitError(ws, "PROVIDER_TIMEOUT");
        assertThat(err.path("id").asText()).isEqualTo("slow-1");
        assertThat(err.path("payload").path("error").asText()).startsWith("No answer within 0.5 s");
      }
    }
  }
}
