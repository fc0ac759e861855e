package io.switchboard.client.assistant;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionFailedException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Keepalive;
import io.switchboard.client.RequestTimeoutException;
import io.switchboard.client.Servers;
import io.switchboard.client.ServerErrorException;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeOpenAi;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.Waves;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AssistantClient against a real server: the seed's chat, status and analyze round trips, streaming, errors. */
class AssistantClientTest {
  @TempDir
  Path dataDir;

  static String url(int port) {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  @Test
  void theDefaultsAreTheSeedsNumbers() {
    AssistantOptions o = AssistantOptions.builder("ws://localhost:8000/ws").build();
    assertThat(o.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 5));
    assertThat(o.backoff().cap(5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.keepalive().mode()).isEqualTo(Keepalive.Mode.JSON);
    assertThat(o.keepalive().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.keepalive().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.keepalive().ping().apply(1).toString()).isEqualTo("{\"type\":\"ping\"}");
  }

  @Test
  void chatStatusAndAnalyzeRoundTrips() {
    try (TestServer server = Servers.start(dataDir)) {
      AssistantClient codette = AssistantClient.create(AssistantOptions.builder(url(server.httpPort())).build());
      get(codette.connect());
      assertThat(codette.welcome().path("status").asText()).isEqualTo("connected");

      ChatResponse r = get(codette.chat("How should I mix bass?"));
      assertThat(r.response()).startsWith("From the knowledge base:").containsIgnoringCase("bass");
      assertThat(r.perspective()).isEqualTo("mix_engineering");
      assertThat(r.confidence()).isBetween(0.0, 1.0).isPositive();
      assertThat(r.context()).isNotEmpty();
      assertThat(r.context().get(0).source()).startsWith("bundled/");
      assertThat(r.usage().totalTokens()).isEqualTo(r.usage().promptTokens() + r.usage().completionTokens());
      assertThat(r.requestId()).isNotBlank();
      assertThat(r.timestamp()).endsWith("Z");

      StatusResponse s = get(codette.status());
      assertThat(s.status()).isEqualTo("ok");
      assertThat(s.codetteAvailable()).isTrue();
      assertThat(s.engineType()).isEqualTo("switchboard.retrieval");
      assertThat(s.memorySize()).isEqualTo(2);
      assertThat(s.activeConnections()).isEqualTo(1);

      AnalysisResponse a = get(codette.analyze(new Track("track_001", "Lead Vocal", "vocal"),
          Audio.levels(-6.0, -18.0, 120.5, 44100), "spectrum"));
      assertThat(a.status()).isEqualTo("success");
      assertThat(a.trackId()).isEqualTo("track_001");
      assertThat(a.analysisType()).isEqualTo("spectrum");
      assertThat(a.qualityScore()).isEqualTo(1.0);
      assertThat(a.insights()).contains("6.0 dB of headroom");
      assertThat(a.mixingSuggestions()).anyMatch(x -> x.contains("high-pass filter"));
      assertThat(a.figures().path("crest_factor_db").asDouble()).isEqualTo(12.0);
      assertThat(get(codette.ping()).path("timestamp").asText()).isNotBlank();
      assertThat(codette.socket().pendingRequests()).isZero();
      get(codette.close());
      assertThat(codette.state()).isEqualTo(ConnectionState.CLOSED);
    }
  }

  @Test
  void analysesInFlightTogetherAreMatchedByTrackAndAFieldErrorFailsTheRightOne() {
    try (TestServer server = Servers.start(dataDir)) {
      AssistantClient codette = AssistantClient.create(AssistantOptions.builder(url(server.httpPort())).build());
      // Sent before connecting: queued until the welcome, then sent in order.
      CompletableFuture<AnalysisResponse> sine = codette.analyze(new Track("keys", "Keys", "piano"),
          Audio.wav(Waves.sineWav(1000, 0.5, 44100, 1.0)), null);
      CompletableFuture<AnalysisResponse> levels = codette.analyze(new Track("bass", "Bass", "bass"),
          Audio.levels(-0.2, -4.0, 10, 44100), null);
      get(codette.connect());
      JsonNode f = get(sine).figures();
      assertThat(get(sine).trackId()).isEqualTo("keys");
      assertThat(f.path("source").asText()).isEqualTo("samples");
      assertThat(f.path("peak_dbfs").asDouble()).isCloseTo(-6.02, within(0.02));
      assertThat(f.path("dominant_band").asText()).isEqualTo("mids");
      assertThat(get(levels).trackId()).isEqualTo("bass");
      assertThat(get(levels).qualityScore()).isLessThan(0.5);

      Throwable unreadable = failure(codette.analyze(new Track("x", null, null),
          Audio.wav("not audio at all".getBytes(StandardCharsets.US_ASCII)), null));
      assertThat(unreadable).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) unreadable).code()).isEqualTo("INVALID_MESSAGE");
      assertThat(((ServerErrorException) unreadable).error().details().path("field").asText())
          .isEqualTo("audio_data.audio");
      assertThatThrownBy(() -> Audio.levels(-6, 99, 1, 44100)).isInstanceOf(IllegalArgumentException.class);
      assertThat(codette.socket().pendingRequests()).isZero();
      get(codette.close());
    }
  }

  @Test
  void aStreamedChatArrivesInPiecesAndSeveralChatsMayBeInFlight() {
    try (TestServer server = Servers.start(dataDir)) {
      AssistantClient codette = AssistantClient.create(AssistantOptions.builder(url(server.httpPort())).build());
      get(codette.connect());
      List<String> pieces = new CopyOnWriteArrayList<>();
      Map<String, Integer> piecesAtResponse = new ConcurrentHashMap<>();
      codette.onMessage("chat_response", m -> piecesAtResponse.put(m.path("request_id").asText(), pieces.size()));
      CompletableFuture<ChatResponse> streamed = codette.chat("How should I compress vocals?",
          ChatOptions.defaults().withPerspective("mix_engineering").withStreaming(pieces::add)
              .withDawContext(Json.object().set("selected_track", Json.object().put("track_name", "Lead Vox"))));
      CompletableFuture<ChatResponse> other = codette.chat("What is gain staging?");
      ChatResponse r = get(streamed);
      await().atMost(Duration.ofSeconds(5)).until(() -> piecesAtResponse.containsKey(r.requestId()));
      int delivered = piecesAtResponse.get(r.requestId());
      assertThat(delivered).isGreaterThan(1);
      assertThat(String.join("", pieces.subList(0, delivered))).isEqualTo(r.response());
      assertThat(get(other).requestId()).isNotEqualTo(r.requestId());
      assertThat(get(other).response()).containsIgnoringCase("gain");
      assertThatThrownBy(() -> codette.chat("")).isInstanceOf(IllegalArgumentException.class);
      get(codette.close());
    }
  }

  @Test
  void aServerThatRequiresATokenGetsItAsABearerHeaderAndRefusesAClientWithout() {
    try (TestServer server = Servers.start(dataDir, Map.of(Keys.ASSISTANT_REQUIRE_TOKEN, "true"))) {
      AssistantClient signedIn = AssistantClient.create(AssistantOptions.builder(url(server.httpPort()))
          .userToken(server.userToken("alice")).build());
      get(signedIn.connect());
      assertThat(get(signedIn.chat("What is headroom?")).response()).containsIgnoringCase("headroom");
      get(signedIn.close());

      AssistantClient anonymous = AssistantClient.create(AssistantOptions.builder(url(server.httpPort()))
          .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 1)).build());
      List<String> errors = new CopyOnWriteArrayList<>();
      anonymous.onMessage("error", m -> errors.add(m.path("code").asText()));
      // Each attempt is refused (the error frame, then close 1008); after its one retry it gives up.
      assertThat(failure(anonymous.connect())).isInstanceOf(ConnectionFailedException.class);
      assertThat(anonymous.state()).isEqualTo(ConnectionState.FAILED);
      await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
      assertThat(errors).containsOnly("INVALID_TOKEN");
      get(anonymous.close());
    }
  }

  @Test
  void anEngineTimeoutIsATypedErrorAndARequestTimeoutLeavesNothingPending() {
    try (FakeOpenAi upstream = FakeOpenAi.start().mode(FakeOpenAi.Mode.HANG);
        TestServer server = Servers.start(dataDir, Map.of(Keys.PROVIDER_ENGINE, "openai",
            Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "600"))) {
      AssistantClient codette = AssistantClient.create(AssistantOptions.builder(url(server.httpPort())).build());
      get(codette.connect());
      Throwable slow = failure(codette.chat("How should I mix bass?"));
      assertThat(slow).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) slow).code()).isEqualTo("PROVIDER_TIMEOUT");
      assertThat(slow.getMessage()).contains("No answer within 0.6 s");

      Throwable impatient = failure(codette.chat("How should I mix drums?",
          ChatOptions.defaults().withStreaming(piece -> { }).withTimeout(Duration.ofMillis(150))));
      assertThat(impatient).isInstanceOf(RequestTimeoutException.class);
      assertThat(codette.socket().pendingRequests()).isZero();
      // The late error reply for that chat finds nothing waiting; the client carries on.
      assertThat(get(codette.status()).engineType()).startsWith("openai:");
      get(codette.close());
    }
  }
}
