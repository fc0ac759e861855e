package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconnect grace: state restored within it, channel gone after it; replay after last_seq. */
class PairingReconnectTest {
  @TempDir
  Path dataDir;
  MutableClock clock;
  TestServer server;
  PairingDriver driver;

  @BeforeEach
  void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir, clock, Map.of());
    driver = new PairingDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode settings(String channel, JsonNode values) {
    return Json.object().put("type", "settings_sync").put("channelId", channel).set("settings", values);
  }

  private static JsonNode stateUpdate(String channel, String stateType, JsonNode data) {
    return Json.object().put("type", "channel_message").put("channelId", channel)
        .set("payload", Json.object().put("action", "STATE_UPDATE").put("stateType", stateType).set("data", data));
  }

  @Test
  void memberRejoiningWithinGraceFindsTheOthersLatestState() {
    PairingDriver.Pair p = driver.pair("erin", "grace");
    p.desktop().send(settings(p.channel(), Json.object().put("audioGain", 40).put("language", "nl")));
    p.mobile().await("settings_sync");
    p.desktop().send(settings(p.channel(), Json.object().put("audioGain", 65)));
    p.mobile().await("settings_sync");
    p.desktop().send(stateUpdate(p.channel(), "audioSettings", Json.object().put("vadEnabled", true)));
    p.mobile().await("channel_message");

    // The mobile loses its network; the desktop stays.
    p.mobile().drop();
    p.desktop().await("mobile_disconnected");
    clock.advance(Duration.ofSeconds(30));

    WsProbe back = driver.connect(driver.wsToken(server.userToken("erin"), "mobile"));
    JsonNode joined = driver.identifyAndJoin(back, p.channel(), "mobile", p.mobileSession());
    JsonNode state = joined.get("state");
    assertThat(state.get("settings").get("audioGain").asInt()).isEqualTo(65);
    assertThat(state.get("settings").get("language").asText()).isEqualTo("nl");
    assertThat(state.get("states").get("audioSettings").get("data").get("vadEnabled").asBoolean()).isTrue();
    assertThat(state.get("states").get("audioSettings").get("version").asLong())
        .isGreaterThan(state.get("settings_version").asLong());
    back.await("pairing_success");
    p.desktop().await("pairing_success");
    back.close();
    p.desktop().close();
  }

  @Test
  void bothMembersGoneChannelSurvivesTheGraceOnlyAndThenIsInvalid() {
    PairingDriver.Pair p = driver.pair("frank", "both");
    p.mobile().send(settings(p.channel(), Json.object().put("audioGain", 12)));
    p.desktop().await("settings_sync");
    p.desktop().drop();
    p.mobile().drop();
    awaitEmpty(p.channel());

    // Within the 60 s grace the desktop comes back and finds the mobile's settings.
    clock.advance(Duration.ofSeconds(59));
    WsProbe desktop = driver.connect(driver.wsToken(server.userToken("frank"), "desktop"));
    JsonNode joined = driver.identifyAndJoin(desktop, p.channel(), "desktop", p.desktopSession());
    assertThat(joined.get("state").get("settings").get("audioGain").asInt()).isEqualTo(12);
    desktop.close();
    awaitEmpty(p.channel());

    // After the grace the channel is gone.
    clock.advance(Duration.ofSeconds(61));
    WsProbe late = driver.connect(driver.wsToken(server.userToken("frank"), "desktop"));
    late.send(PairingDriver.identify("desktop", p.desktopSession()));
    late.await("identified");
    late.send(PairingDriver.join(p.channel(), "desktop", p.desktopSession()));
    assertThat(late.awaitError("INVALID_CHANNEL").get("details").get("channel").asText()).isEqualTo(p.channel());
    late.close();
  }

  @Test
  void rejoinWithLastSeqReplaysWhatWasMissed() {
    PairingDriver.Pair p = driver.pair("gina", "replay");
    p.desktop().send(Json.object().put("type", "channel_message").put("channelId", p.channel())
        .set("payload", Json.object().put("n", 1)));
    long seenSeq = p.mobile().await("channel_message").get("seq").asLong();
    p.mobile().drop();
    p.desktop().await("mobile_disconnected");
    for (int n = 2; n <= 4; n++) {
      p.desktop().send(Json.object().put("type", "channel_message").put("channelId", p.channel())
          .set("payload", Json.object().put("n", n)));
    }
    // The desktop's messages were relayed into an empty slot: they come back only through replay.
    WsProbe back = driver.connect(driver.wsToken(server.userToken("gina"), "mobile"));
    back.send(PairingDriver.identify("mobile", p.mobileSession()));
    back.await("identified");
    back.send(((com.fasterxml.jackson.databind.node.ObjectNode) PairingDriver.join(p.channel(), "mobile",
        p.mobileSession())).put("last_seq", seenSeq));
    back.await("channel_joined");
    for (int n = 2; n <= 4; n++) {
      JsonNode m = back.await("channel_message");
      assertThat(m.get("payload").get("n").asInt()).isEqualTo(n);
      assertThat(m.get("seq").asLong()).isGreaterThan(seenSeq);
    }
    back.close();
    p.desktop().close();
  }

  private void awaitEmpty(String channel) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        server.server().hub().channels().get(channel).toCompletionStage().toCompletableFuture().join()
            .members().isEmpty());
  }
}
