package io.switchboard.client.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.Servers;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example in docs/java-client.md runs as shown against a real server. */
class PairingExampleTest {
  @TempDir
  Path dataDir;

  @Test
  void theDocumentedExampleRuns() throws Exception {
    try (TestServer server = Servers.start(dataDir)) {
      List<String> lines = new CopyOnWriteArrayList<>();
      PairingExample.run(server.pairingUrl(), server.userToken("alice"), lines::add);
      assertThat(lines).anyMatch(l -> l.matches("desktop: pairing code \\d{6}"))
          .anyMatch(l -> l.startsWith("desktop: paired on pair-"))
          .anyMatch(l -> l.contains("desktop: settings from mobile") && l.contains("\"audioGain\":75"))
          .anyMatch(l -> l.equals("mobile: audioSettings = {\"vadEnabled\":true}"))
          .contains("desktop: CONNECTED");
    }
  }
}
