package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The display manager over real sockets, on a clock only the test moves: one display per app and
 * view every 200 ms with the newest of the rest coalesced, the foreground app first, durations
 * that expire back to what was under them, validated layouts.
 */
@Timeout(60)
class GlassesDisplayTest {
  static final String BACK = "com.example.background";
  static final String FRONT = "com.example.foreground";
  @TempDir
  Path dataDir;
  MutableClock clock;
  TestServer server;
  GlassesDriver driver;
  FakeAppServer appServer;
  WsProbe glasses;
  WsProbe back;
  int barriers;

  @BeforeEach
  void start() throws Exception {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir, clock, Map.of());
    driver = new GlassesDriver(server);
    appServer = new FakeAppServer();
    String key = driver.createApp(BACK, appServer.url());
    glasses = driver.glasses(server.userToken("dana"));
    back = driver.startAndConnect(glasses, appServer, BACK, key);
  }

  @AfterEach
  void stop() {
    glasses.close();
    server.close();
    appServer.close();
  }

  @Test
  void oneDisplayPerIntervalAndTheNewestOfTheRestWins() {
    for (int i = 1; i <= 5; i++) {
      back.send(GlassesDriver.textWall(BACK, "t" + i));
    }
    barrier(back, BACK);
    clock.advance(Duration.ofMillis(199));
    barrier(back, BACK);
    assertThat(mainTexts()).containsExactly("t1");
    clock.advance(Duration.ofMillis(1));
    GlassesDriver.awaitText(glasses, "t5");
    assertThat(mainTexts()).containsExactly("t1", "t5");
  }

  @Test
  void theForegroundAppWinsOverBackgroundApps() throws Exception {
    WsProbe front = driver.startAndConnect(glasses, appServer, FRONT, driver.createApp(FRONT, appServer.url()));
    back.send(GlassesDriver.textWall(BACK, "back 1"));
    GlassesDriver.awaitText(glasses, "back 1");
    front.send(GlassesDriver.textWall(FRONT, "front 1"));
    assertThat(GlassesDriver.awaitText(glasses, "front 1").get("packageName").asText()).isEqualTo(FRONT);
    clock.advance(Duration.ofMillis(250));
    back.send(GlassesDriver.textWall(BACK, "back 2"));
    barrier(back, BACK);
    assertThat(mainTexts()).containsExactly("back 1", "front 1");
    glasses.send(Json.object().put("type", "stop_app").put("packageName", FRONT));
    assertThat(GlassesDriver.awaitText(glasses, "back 2").get("packageName").asText()).isEqualTo(BACK);
    front.close();
  }

  @Test
  void aDurationExpiresBackToTheLayoutUnderIt() throws Exception {
    back.send(GlassesDriver.textWall(BACK, "base"));
    GlassesDriver.awaitText(glasses, "base");
    clock.advance(Duration.ofMillis(250));
    back.send(GlassesDriver.textWall(BACK, "flash").put("durationMs", 2000));
    assertThat(GlassesDriver.awaitText(glasses, "flash").get("durationMs").asLong()).isEqualTo(2000);
    clock.advance(Duration.ofMillis(1999));
    barrier(back, BACK);
    assertThat(mainTexts()).containsExactly("base", "flash");
    clock.advance(Duration.ofMillis(1));
    JsonNode restored = GlassesDriver.awaitText(glasses, "base");
    assertThat(restored.has("durationMs")).isFalse();

    WsProbe front = driver.startAndConnect(glasses, appServer, FRONT, driver.createApp(FRONT, appServer.url()));
    front.send(GlassesDriver.textWall(FRONT, "note").put("durationMs", 1000));
    GlassesDriver.awaitText(glasses, "note");
    clock.advance(Duration.ofMillis(1000));
    assertThat(GlassesDriver.awaitText(glasses, "base").get("packageName").asText()).isEqualTo(BACK);
    front.close();
  }

  @Test
  void layoutsAreValidated() {
    ObjectNode bad = GlassesDriver.display(BACK, Json.object().put("layoutType", "hologram"));
    back.send(bad);
    assertThat(back.nextError("INVALID_MESSAGE").get("details").get("field").asText()).isEqualTo("layout.layoutType");
    back.send(GlassesDriver.display(BACK, Json.object().put("layoutType", "reference_card").put("title", "T")));
    assertThat(back.nextError("INVALID_MESSAGE").get("details").get("field").asText()).isEqualTo("layout.text");
    List<ObjectNode> good = List.of(
        Json.object().put("layoutType", "text_wall").put("text", "a"),
        Json.object().put("layoutType", "double_text_wall").put("topText", "a").put("bottomText", "b"),
        Json.object().put("layoutType", "reference_card").put("title", "a").put("text", "b"),
        Json.object().put("layoutType", "dashboard_card").put("leftText", "a").put("rightText", "b"),
        Json.object().put("layoutType", "bitmap_view").put("data", "Qk0="));
    for (ObjectNode layout : good) {
      clock.advance(Duration.ofMillis(250));
      back.send(GlassesDriver.display(BACK, layout));
      String type = layout.get("layoutType").asText();
      glasses.await(m -> "display_event".equals(m.path("type").asText())
          && type.equals(m.path("layout").path("layoutType").asText()), type);
    }
    assertThat(back.isClosed()).isFalse();
  }

  /**
   * Waits until everything the app sent before has been through the display manager: a
   * subscription change travels the same ordered path, and its effect can be watched.
   */
  private void barrier(WsProbe app, String packageName) {
    driver.subscribe(app, "dana", packageName, "barrier_" + (++barriers));
  }

  private List<String> mainTexts() {
    return glasses.seen().stream().filter(m -> "display_event".equals(m.path("type").asText())
        && "main".equals(m.path("view").asText())).map(m -> m.path("layout").path("text").asText()).toList();
  }
}
