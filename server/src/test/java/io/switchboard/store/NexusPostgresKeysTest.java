package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nexus key tables (migration V4) on a real PostgreSQL: keys work and survive a restart. */
class NexusPostgresKeysTest {
  @TempDir
  Path dataDir;

  @Test
  void apiKeysAndPublicKeysSurviveARestartOnPostgres() throws Exception {
    Services.requirePostgres();
    Map<String, String> pg = Map.of(Keys.STORE_URL, Services.freshPostgresSchema(), Keys.STORE_USER, Services.PG_USER);
    KeyPair pair = NexusDriver.newKeyPair();
    String apiKey;
    String pub;
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), pg)) {
      NexusDriver nexus = new NexusDriver(s);
      apiKey = nexus.apiKey("pg-svc", "default");
      pub = nexus.register("pg-dev", pair);
      var duplicate = s.server().publicKeys().add(new io.switchboard.profile.nexus.RegisteredKey("other", "x",
          io.switchboard.core.auth.Ed25519Keys.canonical(java.util.Base64.getDecoder().decode(pub)), java.util.List.of(),
          java.time.Instant.now())).toCompletionStage().toCompletableFuture().join();
      assertThat(duplicate).isNull();
    }
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), pg)) {
      NexusDriver nexus = new NexusDriver(s);
      try (WsProbe ws = nexus.connectWithKey(apiKey)) {
        assertThat(ws.seen().get(0).path("payload").path("user").asText()).isEqualTo("pg-svc");
      }
      try (WsProbe ws = WsProbe.connect(nexus.url())) {
        String challenge = ws.await("auth_challenge").path("payload").path("challenge").asText();
        ws.send(NexusDriver.challengeAnswer("a", pub, NexusDriver.sign(pair.getPrivate(), challenge), challenge));
        assertThat(ws.await("auth").path("payload").path("user").asText()).isEqualTo("pg-dev");
      }
    }
  }
}
