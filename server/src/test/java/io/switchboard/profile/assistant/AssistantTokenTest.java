package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With assistant.require-token, the socket wants a user JWT like the other profiles. */
class AssistantTokenTest {
  @TempDir
  Path dataDir;

  @Test
  void withoutATokenTheSocketIsRefusedAndWithOneItIsGreeted() {
    try (TestServer server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.ASSISTANT_REQUIRE_TOKEN, "true"))) {
      String url = "ws://127.0.0.1:" + server.httpPort() + "/ws";
      try (WsProbe anonymous = WsProbe.connect(url)) {
        assertThat(anonymous.nextError("INVALID_TOKEN").path("message").asText()).isEqualTo("Missing token");
        assertThat(anonymous.awaitClose()).isEqualTo(1008);
      }
      try (WsProbe user = WsProbe.connect(url + "?token=" + server.userToken("mia"))) {
        assertThat(user.next().path("type").asText()).isEqualTo("connection");
      }
    }
  }
}
