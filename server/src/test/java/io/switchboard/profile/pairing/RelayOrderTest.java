package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.RawFrameSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a device sends, text and binary mixed, reaches its peer in the order it was sent, also when
 * the two sockets live on different event loops (the peer's writes then come from another thread).
 */
@Timeout(60)
class RelayOrderTest {
  private static final int ROUNDS = 40;
  @TempDir
  Path dataDir;

  /**
   * Four pairs on two loops, each mobile of another user than its desktop (global pairing scope), so
   * that some desktop and mobile sit on different loops (the netty engine keeps one user's sockets
   * on one loop, and the test checks that a pair crossed); each desktop writes its messages in one
   * go, so the server reads them in one batch.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"netty", "vertx"})
  void textAndBinaryFromOneDeviceArriveInTheOrderSent(String engine) {
    try (TestServer server = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.EVENT_LOOPS, "2", Keys.WEBSOCKET_ENGINE, engine, Keys.PAIRING_SCOPE, "global"))) {
      PairingDriver driver = new PairingDriver(server);
      int crossed = 0;
      for (int p = 0; p < 4; p++) {
        crossed += relayInOrder(server, driver, p) ? 1 : 0;
      }
      if (engine.equals("netty")) {
        // Placed by user, so which pairs cross is fixed by the user names; vertx leaves it to the acceptor.
        assertThat(crossed).as("pairs whose desktop and mobile were on different loops").isPositive();
      }
    }
  }

  /** Relays one pair's burst and checks its order; returns whether the two sockets were on different loops. */
  private static boolean relayInOrder(TestServer server, PairingDriver driver, int p) {
    String user = "order-" + p;
    String jwt = server.userToken(user);
    String mobileJwt = server.userToken("order-mobile-" + p);
    JsonNode gen = driver.generate(jwt, "desktop-" + p).body();
    String channel = gen.get("channel_id").asText();
    try (RawFrameSocket desktop = RawFrameSocket.connect(server.pairingPort(), "/ws?token="
        + driver.wsToken(jwt, "desktop"))) {
      desktop.sendAtOnce(List.of(Json.write(PairingDriver.identify("desktop", "desktop-" + p)),
          Json.write(PairingDriver.join(channel, "desktop", "desktop-" + p))));
      String desktopId = awaitJoined(desktop);
      assertThat(driver.pairDevice(mobileJwt, gen.get("code").asText(), "mobile-" + p).status()).isEqualTo(200);
      try (WsProbe mobile = driver.connect(driver.wsToken(mobileJwt, "mobile"))) {
        driver.identifyAndJoin(mobile, channel, "mobile", "mobile-" + p);
        mobile.await("pairing_success");
        int mark = mobile.arrivals().size();

        List<Object> burst = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          burst.add(Json.write(PairingDriver.channelMessage(channel, Json.object().put("n", i))));
          burst.add(new byte[] {(byte) i});
        }
        desktop.sendAtOnce(burst);

        Awaitility.await().atMost(WsProbe.WAIT).until(() -> relayed(mobile, mark).size() == 2 * ROUNDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          expected.add("text " + i);
          expected.add("binary " + i);
        }
        assertThat(relayed(mobile, mark)).as("pair %d", p).containsExactlyElementsOf(expected);
        return server.eventLoopOf(mobile.clientId()) != server.eventLoopOf(desktopId);
      }
    }
  }

  /** The relayed messages since {@code mark}: channel messages by their number, binary by its byte. */
  private static List<String> relayed(WsProbe mobile, int mark) {
    List<String> out = new ArrayList<>();
    List<Object> all = mobile.arrivals();
    for (Object m : all.subList(mark, all.size())) {
      if (m instanceof ByteBuffer b) {
        out.add("binary " + b.get(0));
      } else if (m instanceof JsonNode n && "channel_message".equals(n.path("type").asText())) {
        out.add("text " + n.path("payload").path("n").asInt());
      }
    }
    return out;
  }

  /** Reads the desktop's texts up to channel_joined; returns the client_id of its greeting. */
  private static String awaitJoined(RawFrameSocket raw) {
    String id = null;
    while (true) {
      JsonNode m = Json.parseOrNull(raw.readText());
      String type = m.path("type").asText();
      if (type.equals("connected")) {
        id = m.path("client_id").asText();
      } else if (type.equals("channel_joined")) {
        return id;
      }
    }
  }
}
