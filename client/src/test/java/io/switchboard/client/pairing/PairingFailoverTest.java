package io.switchboard.client.pairing;

import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Futures;
import io.switchboard.client.Servers;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pairing client whose first node is down uses the alternate node for its REST calls and its socket. */
class PairingFailoverTest {
  @TempDir
  Path dataDir;

  @Test
  void whenTheFirstNodeIsDownTheTokenTheSocketAndThePairCodeComeFromTheAlternate() {
    try (TestServer live = Servers.start(dataDir)) {
      PairingClient desktop = PairingClient.create(
          PairingOptions.builder("http://127.0.0.1:" + Futures.freePort(), DeviceRole.DESKTOP)
              .alternateUrl(live.pairingUrl())
              .sessionId("desk-failover")
              .userToken(live.userToken("erin"))
              .backoff(Pairs.FAST)
              .build());

      get(desktop.connect());
      assertThat(desktop.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(live.server().hub().connections().all()).hasSize(1);
      PairCode code = get(desktop.generatePairCode());
      assertThat(code.code()).isNotBlank();
      get(desktop.close());
    }
  }
}
