package io.switchboard.core.conn;

import static io.switchboard.testing.PairingDriver.assertAlive;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concurrent WebSocket connections per client IP (limits.connections-per-ip): one more upgrade is
 * refused with HTTP 429 and takes no slot; a connection that closes gives its slot back. The same on
 * both WebSocket engines.
 */
class ConnectionLimitsTest {
  @TempDir
  Path dataDir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"netty", "vertx"})
  void anUpgradeBeyondThePerIpLimitIsRefusedUntilASlotIsFree(String engine) {
    try (TestServer server = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.PER_IP, "3", Keys.WEBSOCKET_ENGINE, engine))) {
      PairingDriver driver = new PairingDriver(server);
      String token = driver.wsToken(server.userToken("tess"), "desktop");
      String url = "ws://127.0.0.1:" + server.pairingPort() + "/ws?token=" + token;
      WsProbe first = driver.connect(token);
      try (WsProbe second = driver.connect(token); WsProbe third = driver.connect(token)) {
        assertThat(WsProbe.refusedUpgradeStatus(url)).isEqualTo(429);
        assertThat(WsProbe.refusedUpgradeStatus(url)).isEqualTo(429);
        // REST from the same address is not counted.
        assertThat(Http.get(server.pairingUrl() + "/health").status()).isEqualTo(200);

        first.close();
        WsProbe fourth = Awaitility.await().atMost(WsProbe.WAIT).ignoreExceptions()
            .until(() -> driver.connect(token), Objects::nonNull);
        try (fourth) {
          // The refused attempts took no slot and the freed one is taken again.
          assertThat(WsProbe.refusedUpgradeStatus(url)).isEqualTo(429);
          assertAlive(second);
          assertAlive(third);
          assertAlive(fourth);
        }
      }
    }
  }
}
