package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Glasses connect with a user JWT, get their user session, and keep it across a reconnect within the grace. */
@Timeout(60)
class GlassesSessionTest {
  @TempDir
  Path dataDir;
  MutableClock clock;
  TestServer server;
  GlassesDriver driver;

  @BeforeEach
  void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir, clock, Map.of());
    driver = new GlassesDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void bearerHeaderOrQueryTokenGetsTheUsersSession() {
    try (WsProbe g = WsProbe.connectWithHeader(driver.ws("/glasses-ws"), "Authorization",
        "Bearer " + server.userToken("ann@example.com"))) {
      g.send(Json.object().put("type", "connection_init"));
      JsonNode ack = g.next();
      assertThat(ack.get("type").asText()).isEqualTo("connection_ack");
      assertThat(ack.get("sessionId").asText()).isEqualTo("ann@example.com");
      assertThat(ack.get("userSession").get("userId").asText()).isEqualTo("ann@example.com");
      assertThat(ack.get("userSession").get("activeAppSessions")).isEmpty();
      assertThat(ack.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }
    try (WsProbe g = WsProbe.connect(driver.ws("/glasses-ws?token=" + server.userToken("bob")))) {
      g.send(Json.object().put("type", "connection_init"));
      assertThat(g.await("connection_ack").get("sessionId").asText()).isEqualTo("bob");
    }
  }

  @Test
  void badOrMissingTokenIsExplainedThenClosed1008() {
    for (String url : new String[] {driver.ws("/glasses-ws?token=not.a.jwt"), driver.ws("/glasses-ws")}) {
      try (WsProbe g = WsProbe.connect(url)) {
        JsonNode error = g.next();
        assertThat(error.get("type").asText()).isEqualTo("connection_error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(g.awaitClose()).isEqualTo(1008);
      }
    }
  }

  @Test
  void messagesBeforeConnectionInitAreRefusedWithoutClosing() {
    try (WsProbe g = WsProbe.connect(driver.ws("/glasses-ws?token=" + server.userToken("cy")))) {
      g.send(Json.object().put("type", "button_press").put("buttonId", "main").put("pressType", "short"));
      g.nextError("NOT_INITIALIZED");
      g.send(Json.object().put("type", "connection_init"));
      g.await("connection_ack");
      g.send("{not json");
      g.nextError("INVALID_JSON");
      g.send(Json.object().put("type", "button_press").put("pressType", "short"));
      assertThat(g.nextError("INVALID_MESSAGE").get("details").get("field").asText()).isEqualTo("buttonId");
      assertThat(g.isClosed()).isFalse();
    }
  }

  @Test
  void sessionAndItsAppsSurviveAReconnectWithinTheGraceThenEnd() throws Exception {
    try (FakeAppServer appServer = new FakeAppServer()) {
      String key = driver.createApp("com.example.notes", appServer.url());
      String jwt = server.userToken("dee-dee@example.com");
      WsProbe first = driver.glasses(jwt);
      WsProbe app = driver.startAndConnect(first, appServer, "com.example.notes", key);
      first.drop();
      awaitGlassesGone("dee-dee@example.com");
      clock.advance(Duration.ofSeconds(59));

      try (WsProbe back = WsProbe.connectWithHeader(driver.ws("/glasses-ws"), "Authorization", "Bearer " + jwt)) {
        back.send(Json.object().put("type", "connection_init"));
        JsonNode ack = back.await("connection_ack");
        assertThat(ack.get("sessionId").asText()).isEqualTo("dee-dee@example.com");
        assertThat(ack.get("userSession").get("activeAppSessions")).extracting(JsonNode::asText)
            .containsExactly("com.example.notes");
        app.send(GlassesDriver.textWall("com.example.notes", "still here"));
        GlassesDriver.awaitText(back, "still here");
      }
      awaitGlassesGone("dee-dee@example.com");
      clock.advance(Duration.ofSeconds(61));
      assertThat(app.awaitClose()).isEqualTo(1000);
      assertThat(app.closeReason()).isEqualTo("User session ended");
      try (WsProbe fresh = driver.glasses(jwt)) {
        assertThat(fresh.seen().get(0).get("userSession").get("activeAppSessions")).isEmpty();
      }
    }
  }

  private void awaitGlassesGone(String user) {
    Awaitility.await().atMost(WsProbe.WAIT).until(() -> server.server().glasses().glassesGoneSince(user) != null);
  }
}
