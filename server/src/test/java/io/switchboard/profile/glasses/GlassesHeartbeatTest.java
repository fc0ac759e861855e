package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Glasses and apps that stop answering ping frames are closed 4000 with the HeartbeatManager's reason. */
@Timeout(60)
class GlassesHeartbeatTest {
  static final String REASON = "Terminated by HeartbeatManager: no pong responses";
  @TempDir
  Path dataDir;

  @Test
  void glassesAndAppsThatNeverPongAreClosed4000() throws Exception {
    try (TestServer server = TestServer.start(dataDir); FakeAppServer appServer = new FakeAppServer()) {
      GlassesDriver driver = new GlassesDriver(server);
      String key = driver.createApp("com.example.quiet", appServer.url());
      try (RawWebSocket glasses = new RawWebSocket(server.httpPort(), "/glasses-ws?token=" + server.userToken("hal"));
          WsProbe starter = driver.glasses(server.userToken("ida"))) {
        glasses.sendText(Json.write(Json.object().put("type", "connection_init")));
        glasses.awaitTextContaining("connection_ack");
        JsonNode request = driver.start(starter, appServer, "com.example.quiet");
        try (RawWebSocket app = new RawWebSocket(server.httpPort(), "/tpa-ws")) {
          app.sendText(Json.write(GlassesDriver.init(request.get("sessionId").asText(), "com.example.quiet", key)));
          app.awaitTextContaining("tpa_connection_ack");
          // Three sweeps send three pings that go unanswered; the fourth closes.
          for (int i = 0; i < 4; i++) {
            server.server().hub().connections().sweep();
          }
          assertThat(glasses.awaitClose()).isEqualTo(new RawWebSocket.Close(4000, REASON));
          assertThat(app.awaitClose()).isEqualTo(new RawWebSocket.Close(4000, REASON));
        }
      }
    }
  }
}
