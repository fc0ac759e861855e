package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading costs itself, never the hub: audio is dropped, control traffic closes it 1013. */
class SlowConsumerTest {
  private static final String PAD = "x".repeat(16 * 1024);

  @TempDir
  Path dataDir;

  private TestServer start() {
    return TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.OUT_QUEUE, "65536", Keys.RATE, "100000",
        Keys.BURST, "100000"));
  }

  /** A desktop on a JDK socket, a mobile on a raw socket that will stop reading. */
  private record Setup(WsProbe desktop, RawWebSocket mobile, String channel) {}

  private Setup pairWithStalledMobile(TestServer s, String user) throws Exception {
    PairingDriver driver = new PairingDriver(s);
    String jwt = s.userToken(user);
    String code = driver.generate(jwt, "d").body().get("code").asText();
    String channel = "pair-" + code;
    WsProbe desktop = driver.connect(driver.wsToken(jwt, "desktop"));
    driver.identifyAndJoin(desktop, channel, "desktop", "d");
    driver.pairDevice(jwt, code, "m");
    RawWebSocket mobile = new RawWebSocket(s.pairingPort(), "/ws?token=" + driver.wsToken(jwt, "mobile"), 4096);
    mobile.sendText(Json.write(PairingDriver.join(channel, "mobile", "m")));
    mobile.awaitTextContaining("channel_joined");
    desktop.await("pairing_success");
    return new Setup(desktop, mobile, channel);
  }

  /** The desktop sends padded channel messages until the server has closed one slow consumer. */
  private static void floodUntilClosedSlow(TestServer s, Setup setup) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (int i = 0; i < 50 && !setup.desktop().isClosed(); i++) {
          setup.desktop().send(Json.object().put("type", "channel_message").put("channelId", setup.channel())
              .set("payload", Json.object().put("pad", PAD)));
        }
        return Http.getText("http://127.0.0.1:" + s.httpPort() + "/metrics")
            .contains("switchboard_slow_consumer_closes_total 1.0");
      });
  }

  @Test
  void stalledReceiverOfStateTrafficIsClosedSlowConsumer() throws Exception {
    try (TestServer s = start()) {
      Setup setup = pairWithStalledMobile(s, "sam");
      // The mobile reads nothing from here on.
      floodUntilClosedSlow(s, setup);
      // The sender is unaffected: it still gets answers.
      setup.desktop().send("{\"type\":\"ping\",\"sequence\":5}");
      setup.desktop().await(m -> m.path("sequence").asInt() == 5, "pong 5");
      assertThat(setup.mobile().awaitCloseCode()).isEqualTo(1013);
      setup.mobile().close();
      setup.desktop().close();
    }
  }

  @Test
  void aSlowConsumerThatNeverReadsAgainIsDisconnectedWithinTheCloseTimeout() throws Exception {
    try (TestServer s = start()) {
      Setup setup = pairWithStalledMobile(s, "sid");
      ConnectionRegistry registry = s.server().hub().connections();
      floodUntilClosedSlow(s, setup);
      // The close frame waits behind bytes the mobile will never read: the server gives up on the
      // closing handshake after its timeout and lets the connection go (the desktop stays).
      Awaitility.await().atMost(Duration.ofMillis(NettyWire.CLOSE_TIMEOUT_MILLIS).plusSeconds(10))
          .until(() -> registry.size() == 1);
      setup.desktop().send("{\"type\":\"ping\",\"sequence\":6}");
      setup.desktop().await(m -> m.path("sequence").asInt() == 6, "pong 6");
      setup.mobile().close();
      setup.desktop().close();
    }
  }

  @Test
  void aReaderKeepingUpIsNotClosedWhenMessagesPileUpWhileItsEventLoopIsBusy() throws Exception {
    try (TestServer s = TestServer.start(dataDir)) {
      PairingDriver.Pair pair = new PairingDriver(s).pair("uma", "u");
      Connection mobile = s.server().hub().connections().all().stream()
          .filter(c -> c.id().equals(pair.mobile().clientId())).findFirst().orElseThrow();
      // A fan-out on another thread hands the mobile a hundred small messages (a few KiB, far below
      // the queue bound) while the mobile's own event loop is busy; that loop then sends to it too.
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch handedOver = new CountDownLatch(1);
      mobile.context().runOnContext(v -> {
        busy.countDown();
        try {
          handedOver.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        mobile.send("{\"type\":\"note\",\"n\":100}");
      });
      assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 100; i++) {
        mobile.send("{\"type\":\"note\",\"n\":" + i + "}");
      }
      handedOver.countDown();
      pair.mobile().await(m -> m.path("n").asInt() == 100, "the loop's own message");
      assertThat(pair.mobile().seen().stream().filter(m -> "note".equals(m.path("type").asText()))).hasSize(101);
      PairingDriver.assertAlive(pair.mobile());
      assertThat(Http.getText("http://127.0.0.1:" + s.httpPort() + "/metrics"))
          .contains("switchboard_slow_consumer_closes_total 0.0");
      pair.close();
    }
  }

  @Test
  void stalledReceiverOfAudioHasAudioDroppedAndStaysConnected() throws Exception {
    try (TestServer s = start()) {
      Setup setup = pairWithStalledMobile(s, "tia");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (int i = 0; i < 50; i++) {
          setup.desktop().send(Json.object().put("type", "audio_chunk").put("chunk_id", "c" + i)
              .put("data", PAD).put("format", "pcm").put("sample_rate", 16000));
        }
        return Http.getText("http://127.0.0.1:" + s.httpPort() + "/metrics")
            .matches("(?s).*switchboard_audio_frames_dropped_total [1-9].*");
      });
      assertThat(Http.getText("http://127.0.0.1:" + s.httpPort() + "/metrics"))
          .contains("switchboard_slow_consumer_closes_total 0.0")
          .contains("switchboard_connections 2.0");
      // Drop-oldest: the newest chunk still reaches the listener once it reads again.
      setup.desktop().send(Json.object().put("type", "audio_chunk").put("chunk_id", "newest")
          .put("data", "AAAA").put("format", "pcm").put("sample_rate", 16000));
      assertThat(setup.mobile().awaitTextContaining("\"newest\"")).contains("audio_chunk");
      setup.mobile().close();
      setup.desktop().close();
    }
  }
}
