package io.switchboard.profile.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three ways in (header key, auth message, signed challenge) and each documented refusal. */
class NexusAuthTest {
  @TempDir
  Path dataDir;
  MutableClock clock = MutableClock.startingNow();
  TestServer server;
  NexusDriver nexus;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir, clock, Map.of());
    nexus = new NexusDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode authResult(WsProbe ws) {
    return ws.await("auth");
  }

  @Test
  void anApiKeyInTheHeaderAuthenticatesAtOnce() {
    String key = nexus.apiKey("svc-a");
    try (WsProbe ws = WsProbe.connectWithHeader(nexus.url(), "x-api-key", key)) {
      JsonNode auth = authResult(ws);
      assertThat(auth.path("payload").path("status").asText()).isEqualTo("success");
      assertThat(auth.path("id").asText()).hasSize(36);
      assertThat(ws.seen()).noneMatch(m -> m.path("type").asText().equals("auth_challenge"));
      ws.send(NexusDriver.message("ping", "p1", Json.object()));
      JsonNode pong = ws.await("pong");
      assertThat(pong.path("id").asText()).isEqualTo("p1");
      assertThat(pong.path("payload").path("timestamp").asText()).isNotBlank();
    }
  }

  @Test
  void anApiKeyInTheFirstMessageAuthenticatesAndTheReplyReusesItsId() {
    String key = nexus.apiKey("svc-b");
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      JsonNode challenge = ws.await("auth_challenge");
      assertThat(challenge.path("id").asText()).isNotBlank();
      assertThat(challenge.path("payload").path("challenge").asText()).matches("[0-9a-f]{64}");
      ws.send(NexusDriver.message("auth", "a-1", Json.object().put("apiKey", key)));
      JsonNode auth = authResult(ws);
      assertThat(auth.path("id").asText()).isEqualTo("a-1");
      assertThat(auth.path("payload").path("status").asText()).isEqualTo("success");
      ws.send(NexusDriver.message("auth", "a-2", Json.object().put("apiKey", key)));
      assertThat(NexusDriver.awaitError(ws, "ALREADY_AUTHENTICATED").path("id").asText()).isEqualTo("a-2");
    }
    assertThat(server.auditEvents("auth.success")).anyMatch(e -> e.actor().equals("svc-b") && e.profile().equals("nexus"));
  }

  @Test
  void aWrongKeyIsRefusedAndTheSocketClosed() {
    nexus.apiKey("svc-c");
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      ws.await("auth_challenge");
      ws.send(NexusDriver.message("auth", "a-1", Json.object().put("apiKey", "sbk_not-a-real-key")));
      JsonNode auth = authResult(ws);
      assertThat(auth.path("id").asText()).isEqualTo("a-1");
      assertThat(auth.path("payload").path("status").asText()).isEqualTo("error");
      assertThat(auth.path("payload").path("code").asText()).isEqualTo("INVALID_API_KEY");
      assertThat(auth.path("payload").path("error").asText()).isEqualTo("Invalid API key");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
    try (WsProbe ws = WsProbe.connectWithHeader(nexus.url(), "x-api-key", "sbk_wrong")) {
      assertThat(authResult(ws).path("payload").path("code").asText()).isEqualTo("INVALID_API_KEY");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
    assertThat(server.auditEvents("auth.failure")).hasSize(2).allMatch(e -> e.detail().equals("INVALID_API_KEY"));
  }

  @Test
  void aSignedChallengeByARegisteredKeyAuthenticates() {
    KeyPair pair = NexusDriver.newKeyPair();
    String pub = nexus.register("dev-d", pair);
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      String challenge = ws.await("auth_challenge").path("payload").path("challenge").asText();
      ws.send(NexusDriver.challengeAnswer("a-1", pub, NexusDriver.sign(pair.getPrivate(), challenge), challenge));
      JsonNode auth = authResult(ws);
      assertThat(auth.path("payload").path("status").asText()).isEqualTo("success");
      assertThat(auth.path("payload").path("user").asText()).isEqualTo("dev-d");
    }
  }

  @Test
  void aChallengeReplayedOnAnotherConnectionIsRefused() {
    KeyPair pair = NexusDriver.newKeyPair();
    String pub = nexus.register("dev-e", pair);
    JsonNode captured;
    try (WsProbe first = WsProbe.connect(nexus.url())) {
      String challenge = first.await("auth_challenge").path("payload").path("challenge").asText();
      captured = NexusDriver.challengeAnswer("a-1", pub, NexusDriver.sign(pair.getPrivate(), challenge), challenge);
      first.send(captured);
      assertThat(authResult(first).path("payload").path("status").asText()).isEqualTo("success");
    }
    try (WsProbe replay = WsProbe.connect(nexus.url())) {
      replay.await("auth_challenge");
      replay.send(captured);
      JsonNode auth = authResult(replay);
      assertThat(auth.path("payload").path("status").asText()).isEqualTo("error");
      assertThat(auth.path("payload").path("code").asText()).isEqualTo("INVALID_CHALLENGE");
      assertThat(replay.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void aSignatureOverAnotherChallengeIsRefused() {
    KeyPair pair = NexusDriver.newKeyPair();
    String pub = nexus.register("dev-f", pair);
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      String challenge = ws.await("auth_challenge").path("payload").path("challenge").asText();
      String other = "ab".repeat(32);
      ws.send(NexusDriver.challengeAnswer("a-1", pub, NexusDriver.sign(pair.getPrivate(), other), challenge));
      JsonNode auth = authResult(ws);
      assertThat(auth.path("payload").path("code").asText()).isEqualTo("INVALID_SIGNATURE");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void anUnregisteredKeyIsRefusedEvenWithAGoodSignature() {
    KeyPair stranger = NexusDriver.newKeyPair();
    String pub = java.util.Base64.getEncoder().encodeToString(
        io.switchboard.core.auth.Ed25519Keys.raw(stranger.getPublic()));
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      String challenge = ws.await("auth_challenge").path("payload").path("challenge").asText();
      ws.send(NexusDriver.challengeAnswer("a-1", pub, NexusDriver.sign(stranger.getPrivate(), challenge), challenge));
      assertThat(authResult(ws).path("payload").path("code").asText()).isEqualTo("UNKNOWN_PUBLIC_KEY");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void beforeAuthOnlyAuthAndPingAreServed() {
    String key = nexus.apiKey("svc-g");
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      ws.await("auth_challenge");
      ws.send(NexusDriver.message("ask", "q-1", Json.object().put("query", "How much headroom?")));
      JsonNode refused = NexusDriver.awaitError(ws, "UNAUTHORIZED");
      assertThat(refused.path("id").asText()).isEqualTo("q-1");
      assertThat(refused.path("payload").path("error").asText()).isEqualTo("Authenticate first: send auth");
      ws.send(NexusDriver.message("ping", "p-1", Json.object()));
      assertThat(ws.await("pong").path("id").asText()).isEqualTo("p-1");
      ws.send(NexusDriver.message("auth", "a-1", Json.object().put("apiKey", key)));
      assertThat(authResult(ws).path("payload").path("status").asText()).isEqualTo("success");
      ws.send(NexusDriver.message("ask", "q-2", Json.object().put("query", "How much headroom?")));
      assertThat(ws.await("response").path("id").asText()).isEqualTo("q-2");
    }
  }

  @Test
  void authAfterTheDeadlineIsRefused() {
    String key = nexus.apiKey("svc-h");
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      ws.await("auth_challenge");
      clock.advance(Duration.ofSeconds(11));
      ws.send(NexusDriver.message("auth", "a-1", Json.object().put("apiKey", key)));
      JsonNode auth = authResult(ws);
      assertThat(auth.path("payload").path("code").asText()).isEqualTo("AUTH_TIMEOUT");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void noAuthWithinTheDeadlineClosesTheSocket() {
    server.close();
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.NEXUS_AUTH_TIMEOUT, "1"));
    nexus = new NexusDriver(server);
    try (WsProbe ws = WsProbe.connect(nexus.url())) {
      ws.await("auth_challenge");
      assertThat(ws.awaitClose()).isEqualTo(1008);
      assertThat(ws.closeReason()).isEqualTo("Authentication timeout");
      assertThat(ws.seen()).noneMatch(m -> m.path("type").asText().equals("auth"));
    }
  }
}
