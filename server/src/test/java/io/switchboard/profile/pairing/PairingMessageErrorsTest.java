package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertAlive;
import static io.switchboard.testing.PairingDriver.channelMessage;
import static io.switchboard.testing.PairingDriver.identify;
import static io.switchboard.testing.PairingDriver.join;
import static io.switchboard.testing.PairingDriver.relayMarker;
import static io.switchboard.testing.PairingDriver.settingsSync;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad messages on a paired channel: each gets its error frame, none closes the connection (ping
 * still answers), nothing reaches the other member, and the channel's seq and state stay as they
 * were.
 */
class PairingMessageErrorsTest {
  @TempDir
  static Path dataDir;
  static TestServer server;
  static PairingDriver driver;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    driver = new PairingDriver(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertNamesField(JsonNode error, String field) {
    assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    assertThat(error.path("message").asText()).contains(field);
  }

  /** The mobile leaves and comes back within the grace; returns the channel_joined it gets. */
  private static JsonNode mobileReturns(Pair p, String user) {
    p.mobile().close();
    p.desktop().await("mobile_disconnected");
    try (WsProbe back = driver.connect(driver.wsToken(server.userToken(user), "mobile"))) {
      return driver.identifyAndJoin(back, p.channel(), "mobile", p.mobileSession());
    }
  }

  @Test
  void badJsonUnknownTypesAndTypelessMessagesKeepTheConnection() {
    try (Pair p = driver.pair("amy", "json")) {
      int mark = p.desktop().mark();
      p.mobile().send("{\"type\":\"channel_message\",");
      assertThat(p.mobile().nextError(ErrorCode.INVALID_JSON).path("message").asText())
          .isEqualTo("Invalid JSON format");
      p.mobile().send(Json.object().put("type", "teleport").put("channelId", p.channel()));
      assertThat(p.mobile().nextError(ErrorCode.UNKNOWN_TYPE).path("message").asText())
          .isEqualTo("Unknown message type: teleport");
      p.mobile().send("[\"channel_message\"]");
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "type");
      p.mobile().send("{\"type\":42}");
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "type");

      assertAlive(p.mobile());
      JsonNode marker = relayMarker(p.mobile(), p.desktop(), p.channel());
      assertThat(p.desktop().seenSince(mark)).containsExactly(marker);
      assertThat(marker.get("seq").asLong()).isEqualTo(1);
    }
  }

  @Test
  void outOfRangeSettingsAreRefusedAndChangeNothing() {
    try (Pair p = driver.pair("ben", "settings")) {
      ObjectNode good = Json.object().put("audioGain", 40).put("chunkDuration", 3.0).put("overlapPercent", 15)
          .put("vadEnabled", false);
      p.mobile().send(settingsSync(p.channel(), good));
      long seq = p.desktop().await("settings_sync").get("seq").asLong();
      int mark = p.desktop().mark();

      Map<String, JsonNode> bad = new LinkedHashMap<>();
      bad.put("audioGain", Json.MAPPER.valueToTree(101));
      bad.put("chunkDuration", Json.MAPPER.valueToTree(0.1));
      bad.put("overlapPercent", Json.MAPPER.valueToTree(60));
      bad.put("vadEnabled", Json.MAPPER.valueToTree("yes"));
      bad.put("autoGainEnabled", Json.MAPPER.valueToTree(1));
      bad.forEach((field, value) -> {
        // A valid field next to the bad one does not get through on its own.
        ObjectNode settings = Json.object().put("language", "de");
        settings.set(field, value);
        p.mobile().send(settingsSync(p.channel(), settings));
        assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "settings." + field);
      });
      p.mobile().send(Json.object().put("type", "settings_sync").put("channelId", p.channel())
          .put("settings", "audioGain=50"));
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "settings");

      assertAlive(p.mobile());
      JsonNode marker = relayMarker(p.mobile(), p.desktop(), p.channel());
      assertThat(p.desktop().seenSince(mark)).containsExactly(marker);
      assertThat(marker.get("seq").asLong()).isEqualTo(seq + 1);

      JsonNode state = mobileReturns(p, "ben").get("state");
      assertThat(state.get("settings")).isEqualTo(good);
      assertThat(state.get("version").asLong()).isEqualTo(1);
    }
  }

  @Test
  void invalidStateUpdatesAreRefusedAndChangeNothing() {
    try (Pair p = driver.pair("bea", "state")) {
      int mark = p.desktop().mark();
      p.mobile().send(Json.object().put("type", "channel_message").put("channelId", p.channel()));
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "payload");
      p.mobile().send(channelMessage(p.channel(), Json.object().put("action", "STATE_UPDATE")
          .set("data", Json.object().put("audioGain", 10))));
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "payload.stateType");
      p.mobile().send(channelMessage(p.channel(), Json.object().put("action", "STATE_UPDATE")
          .put("stateType", "audioSettings")));
      assertNamesField(p.mobile().nextError(ErrorCode.INVALID_MESSAGE), "payload.data");

      assertAlive(p.mobile());
      JsonNode marker = relayMarker(p.mobile(), p.desktop(), p.channel());
      assertThat(p.desktop().seenSince(mark)).containsExactly(marker);
      JsonNode state = mobileReturns(p, "bea").get("state");
      assertThat(state.get("states").size()).isZero();
      assertThat(state.get("version").asLong()).isZero();
    }
  }

  @Test
  void messagesToAChannelTheSenderIsNotInAreRefused() {
    try (Pair p = driver.pair("cara", "own"); Pair q = driver.pair("dan", "other")) {
      int pDesktop = p.desktop().mark();
      int qDesktop = q.desktop().mark();
      int qMobile = q.mobile().mark();

      p.mobile().send(channelMessage(q.channel(), Json.object().put("text", "hello")));
      assertThat(p.mobile().nextError(ErrorCode.INVALID_CHANNEL).path("details").path("channel").asText())
          .isEqualTo(q.channel());
      p.mobile().send(settingsSync(q.channel(), Json.object().put("audioGain", 10)));
      p.mobile().nextError(ErrorCode.INVALID_CHANNEL);
      p.mobile().send(channelMessage("pair-none", Json.object().put("text", "anyone?")));
      p.mobile().nextError(ErrorCode.INVALID_CHANNEL);
      assertAlive(p.mobile());

      // The owner's own extra connection, identified but not joined, is no member either.
      try (WsProbe extra = driver.connect(driver.wsToken(server.userToken("cara"), "desktop"))) {
        extra.send(identify("desktop", p.desktopSession()));
        extra.await("identified");
        extra.send(channelMessage(p.channel(), Json.object().put("text", "not joined")));
        extra.nextError(ErrorCode.INVALID_CHANNEL);
        assertAlive(extra);
      }

      JsonNode pMarker = relayMarker(p.mobile(), p.desktop(), p.channel());
      assertThat(p.desktop().seenSince(pDesktop)).containsExactly(pMarker);
      JsonNode toQDesktop = relayMarker(q.mobile(), q.desktop(), q.channel());
      assertThat(q.desktop().seenSince(qDesktop)).containsExactly(toQDesktop);
      assertThat(toQDesktop.get("seq").asLong()).isEqualTo(1);
      JsonNode toQMobile = relayMarker(q.desktop(), q.mobile(), q.channel());
      assertThat(q.mobile().seenSince(qMobile)).containsExactly(toQMobile);
      assertThat(mobileReturns(q, "dan").get("state").get("settings").size()).isZero();
    }
  }

  @Test
  void aDeviceTypeOtherThanTheTokensIsRefused() {
    try (Pair p = driver.pair("fay", "device")) {
      String jwt = server.userToken("fay");
      int mobileMark = p.mobile().mark();
      try (WsProbe desktop2 = driver.connect(driver.wsToken(jwt, "desktop"))) {
        desktop2.send(identify("mobile", p.mobileSession()));
        assertNamesField(desktop2.nextError(ErrorCode.INVALID_MESSAGE), "device_type");
        desktop2.send(join(p.channel(), "mobile", p.mobileSession()));
        assertNamesField(desktop2.nextError(ErrorCode.INVALID_MESSAGE), "device_type");
        assertAlive(desktop2);
        desktop2.send(identify("desktop", "desktop-spare"));
        assertThat(desktop2.next().path("type").asText()).isEqualTo("identified");
      }
      try (WsProbe mobile2 = driver.connect(driver.wsToken(jwt, "mobile"))) {
        mobile2.send(identify("desktop", p.desktopSession()));
        assertNamesField(mobile2.nextError(ErrorCode.INVALID_MESSAGE), "device_type");
        assertAlive(mobile2);
      }
      // The pair never heard of it and still talks.
      JsonNode marker = relayMarker(p.desktop(), p.mobile(), p.channel());
      assertThat(p.mobile().seenSince(mobileMark)).containsExactly(marker);
    }
  }
}
