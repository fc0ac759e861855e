package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel isolation: many pairs at once, strangers and third devices. */
class PairingIsolationTest {
  private static final int PAIRS = 50;
  private static final int MESSAGES = 20;

  @TempDir
  static Path dataDir;
  static TestServer server;
  static PairingDriver driver;

  @BeforeAll
  static void start() {
    // 100 sockets come from one test address: raise the per-IP cap for this test only.
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PER_IP, "500"));
    driver = new PairingDriver(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fiftyConcurrentPairsNeverSeeEachOthersMessages() throws Exception {
    List<PairingDriver.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      pairs.add(driver.pair("user-" + i, "iso-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        PairingDriver.Pair p = pairs.get(i);
        int pairNo = i;
        sends.add(pool.submit(() -> exchange(p.desktop(), p.channel(), pairNo, "desktop")));
        sends.add(pool.submit(() -> exchange(p.mobile(), p.channel(), pairNo, "mobile")));
      }
      for (Future<?> f : sends) {
        f.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < PAIRS; i++) {
        PairingDriver.Pair p = pairs.get(i);
        assertReceivedOnlyFromPartner(p.desktop(), i, "mobile");
        assertReceivedOnlyFromPartner(p.mobile(), i, "desktop");
      }
    } finally {
      pool.shutdownNow();
      pairs.forEach(PairingDriver.Pair::close);
    }
  }

  private static void exchange(WsProbe probe, String channel, int pairNo, String from) {
    for (int n = 0; n < MESSAGES; n++) {
      probe.send(Json.object().put("type", "channel_message").put("channelId", channel)
          .set("payload", Json.object().put("pair", pairNo).put("from", from).put("n", n)));
    }
  }

  private static void assertReceivedOnlyFromPartner(WsProbe probe, int pairNo, String partner) {
    List<Integer> got = new ArrayList<>();
    for (int n = 0; n < MESSAGES; n++) {
      JsonNode m = probe.await("channel_message");
      assertThat(m.get("payload").get("pair").asInt()).as("pair of a delivered message").isEqualTo(pairNo);
      assertThat(m.get("payload").get("from").asText()).as("sender").isEqualTo(partner);
      got.add(m.get("payload").get("n").asInt());
    }
    // In order, each once; and the probe has no further channel_message (checked after a round trip).
    assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, MESSAGES).boxed().toList());
    probe.send("{\"type\":\"ping\",\"sequence\":99}");
    probe.await(m -> "pong".equals(m.path("type").asText()) && m.path("sequence").asInt() == 99, "pong 99");
    assertThat(probe.seen().stream().filter(m -> "channel_message".equals(m.path("type").asText())).count())
        .isEqualTo(MESSAGES);
  }

  @Test
  void thirdDeviceGetsChannelFullAndStrangerIsRefused() {
    try (PairingDriver.Pair p = driver.pair("dana", "full")) {
      // The desktop's own session opening a second socket is a third device.
      WsProbe third = driver.connect(driver.wsToken(server.userToken("dana"), "desktop"));
      third.send(PairingDriver.join(p.channel(), "desktop", p.desktopSession()));
      JsonNode full = third.awaitError("CHANNEL_FULL");
      assertThat(full.get("details").get("channel").asText()).isEqualTo(p.channel());
      assertThat(full.get("details").get("max_devices").asInt()).isEqualTo(2);
      assertThat(full.get("details").get("current_devices").asInt()).isEqualTo(2);

      // A stranger who knows the channel id can neither join nor send into it.
      WsProbe stranger = driver.connect(driver.wsToken(server.userToken("mallory"), "mobile"));
      stranger.send(PairingDriver.join(p.channel(), "mobile", p.mobileSession()));
      assertThat(stranger.awaitError("INVALID_CHANNEL").get("details").get("channel").asText()).isEqualTo(p.channel());
      stranger.send(Json.object().put("type", "channel_message").put("channelId", p.channel())
          .set("payload", Json.object().put("evil", true)));
      stranger.awaitError("INVALID_CHANNEL");
      stranger.send(Json.object().put("type", "settings_sync").put("channelId", p.channel())
          .set("settings", Json.object().put("audioGain", 1)));
      stranger.awaitError("INVALID_CHANNEL");

      // The members saw nothing of either, and the channel still works between them.
      p.desktop().send(Json.object().put("type", "channel_message").put("channelId", p.channel())
          .set("payload", Json.object().put("ok", true)));
      JsonNode m = p.mobile().await("channel_message");
      assertThat(m.get("payload").get("ok").asBoolean()).isTrue();
      assertThat(p.mobile().seen()).noneMatch(x -> x.path("payload").path("evil").asBoolean());
      assertThat(p.desktop().seen()).noneMatch(x -> x.path("type").asText().equals("settings_sync"));
      third.close();
      stranger.close();
    }
  }
}
