package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertAlive;
import static io.switchboard.testing.PairingDriver.channelMessage;
import static io.switchboard.testing.PairingDriver.identify;
import static io.switchboard.testing.PairingDriver.join;
import static io.switchboard.testing.PairingDriver.relayMarker;
import static io.switchboard.testing.PairingDriver.settingsSync;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paired channel admits its desktop and its mobile and no one else: a third device gets
 * CHANNEL_FULL, a stranger who knows the channel id gets INVALID_CHANNEL, and the two members see
 * none of it.
 */
class PairingAccessTest {
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

  /** Both members still talk both ways, and got nothing but the markers since their marks. */
  private static void assertUndisturbed(Pair p, int desktopMark, int mobileMark) {
    JsonNode toDesktop = relayMarker(p.mobile(), p.desktop(), p.channel());
    JsonNode toMobile = relayMarker(p.desktop(), p.mobile(), p.channel());
    assertThat(p.desktop().seenSince(desktopMark)).containsExactly(toDesktop);
    assertThat(p.mobile().seenSince(mobileMark)).containsExactly(toMobile);
  }

  @Test
  void aThirdDeviceGetsChannelFull() {
    try (Pair p = driver.pair("gus", "full")) {
      int d = p.desktop().mark();
      int m = p.mobile().mark();
      try (WsProbe third = driver.connect(driver.wsToken(server.userToken("gus"), "desktop"))) {
        third.send(identify("desktop", p.desktopSession()));
        third.await("identified");
        third.send(join(p.channel(), "desktop", p.desktopSession()));
        JsonNode full = third.nextError(ErrorCode.CHANNEL_FULL);
        assertThat(full.get("details")).isEqualTo(Json.object().put("channel", p.channel())
            .put("max_devices", 2).put("current_devices", 2));
        // Refused, it is no member: what it sends is not relayed.
        third.send(channelMessage(p.channel(), Json.object().put("text", "me too")));
        third.nextError(ErrorCode.INVALID_CHANNEL);
        assertAlive(third);
        third.close();
        server.awaitDisconnected(third.clientId());
      }
      // Its leaving does not look like the desktop leaving.
      assertUndisturbed(p, d, m);
    }
  }

  @Test
  void aStrangerWhoKnowsTheChannelIdGetsInvalidChannel() {
    try (Pair p = driver.pair("hal", "target")) {
      int d = p.desktop().mark();
      int m = p.mobile().mark();
      String mallory = server.userToken("mallory");
      for (String deviceType : new String[] {"desktop", "mobile"}) {
        String session = deviceType.equals("desktop") ? p.desktopSession() : p.mobileSession();
        try (WsProbe stranger = driver.connect(driver.wsToken(mallory, deviceType))) {
          // Knowing the session id as well is not enough: the slot is bound to hal.
          stranger.send(identify(deviceType, session));
          stranger.await("identified");
          stranger.send(join(p.channel(), deviceType, session));
          assertThat(stranger.nextError(ErrorCode.INVALID_CHANNEL).path("details").path("channel").asText())
              .isEqualTo(p.channel());
          stranger.send(channelMessage(p.channel(), Json.object().put("text", "psst")));
          stranger.nextError(ErrorCode.INVALID_CHANNEL);
          stranger.send(settingsSync(p.channel(), Json.object().put("audioGain", 0)));
          stranger.nextError(ErrorCode.INVALID_CHANNEL);
          stranger.send(Json.object().put("type", "audio_chunk").put("chunk_id", "c1").put("data", "AAEC")
              .put("format", "webm").put("sample_rate", 16000));
          stranger.nextError(ErrorCode.INVALID_CHANNEL);
          stranger.sendBinary(new byte[] {1, 2, 3});
          stranger.nextError(ErrorCode.INVALID_CHANNEL);
          assertAlive(stranger);
        }
      }
      assertUndisturbed(p, d, m);
      assertThat(p.desktop().binaryCount()).isZero();
      assertThat(server.auditEvents("pairing.join")).filteredOn(e -> "mallory".equals(e.actor()))
          .hasSize(2).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(p.channel());
            assertThat(e.outcome()).isEqualTo("denied");
          });
    }
  }

  @Test
  void aMemberRefusedByAnotherChannelStaysInItsOwn() {
    try (Pair p = driver.pair("ida", "own"); Pair q = driver.pair("jon", "other")) {
      int m = p.mobile().mark();
      p.desktop().send(join(q.channel(), "desktop", p.desktopSession()));
      p.desktop().nextError(ErrorCode.INVALID_CHANNEL);
      assertUndisturbed(p, p.desktop().mark(), m);
      assertThat(p.mobile().seen()).noneMatch(msg -> msg.path("type").asText().equals("desktop_disconnected"));
    }
  }

  @Test
  void aMemberLeavesItsChannelWhenItJoinsAnother() {
    String user = "kim";
    String jwt = server.userToken(user);
    try (Pair p = driver.pair(user, "first")) {
      String code = driver.generate(jwt, p.desktopSession()).body().get("code").asText();
      p.desktop().send(join("pair-" + code, "desktop", p.desktopSession()));
      JsonNode joined = p.desktop().await("channel_joined");
      assertThat(joined.get("channel").asText()).isEqualTo("pair-" + code);
      assertThat(p.mobile().await("desktop_disconnected").get("reason").asText()).isEqualTo("Joined another channel");
      p.mobile().send(channelMessage(p.channel(), Json.object().put("text", "still there?")));
      assertAlive(p.mobile());
      assertAlive(p.desktop());
      assertThat(p.desktop().seen()).noneMatch(msg -> msg.path("payload").path("text").asText().equals("still there?"));
    }
  }
}
