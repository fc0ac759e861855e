package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoop;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.RawFrameSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the netty engine a user's pairing sockets are served by one event loop, whichever loop
 * accepted each, so a pair relays without handing messages between threads; users spread over the
 * loops; and a socket that changes loops loses nothing its client sent with the upgrade request.
 */
@Timeout(60)
class LoopPlacementTest {
  private static final String MOVED = "switchboard_sockets_moved";
  @TempDir
  static Path dataDir;
  static TestServer server;
  static PairingDriver driver;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.EVENT_LOOPS, "2", Keys.WEBSOCKET_ENGINE, "netty"));
    driver = new PairingDriver(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aUsersDesktopAndMobileShareOneLoopAndUsersSpreadOverTheLoops() {
    Set<EventLoop> used = new HashSet<>();
    for (int u = 0; u < 8; u++) {
      try (PairingDriver.Pair pair = driver.pair("placed-" + u, "p" + u)) {
        EventLoop desktop = server.eventLoopOf(pair.desktop().clientId());
        EventLoop mobile = server.eventLoopOf(pair.mobile().clientId());
        assertThat(mobile).as("user %d", u).isSameAs(desktop);
        used.add(desktop);
        PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel());
        PairingDriver.relayMarker(pair.mobile(), pair.desktop(), pair.channel());
      }
    }
    assertThat(used).as("loops serving the 8 users").hasSize(2);
  }

  /**
   * Each socket sends a ping, identify and join in the packet of its upgrade request. Sockets are
   * accepted by the loops in turn and placed by their user, so about half change loops; the test
   * goes on until three have, and every socket gets the answers to all three messages, in order.
   */
  @Test
  void whatTheClientSentWithTheUpgradeSurvivesTheMove() {
    double movedBefore = server.counter(MOVED);
    for (int i = 0; i < 40 && server.counter(MOVED) - movedBefore < 3; i++) {
      String jwt = server.userToken("mover-" + i);
      String channel = driver.generate(jwt, "mover-" + i).body().get("channel_id").asText();
      try (RawFrameSocket s = RawFrameSocket.connectSendingAtOnce(server.pairingPort(),
          "/ws?token=" + driver.wsToken(jwt, "desktop"),
          List.of(new RawFrameSocket.Ping(("early " + i).getBytes(StandardCharsets.UTF_8)),
              Json.write(PairingDriver.identify("desktop", "mover-" + i)),
              Json.write(PairingDriver.join(channel, "desktop", "mover-" + i))))) {
        assertThat(answers(s)).as("socket %d", i)
            .containsExactly("connected", "pong early " + i, "identified", "channel_joined");
      }
    }
    assertThat(server.counter(MOVED) - movedBefore).as("sockets that changed loops").isGreaterThanOrEqualTo(3);
  }

  /**
   * A client that sends its close in the packet of its upgrade request gets the close answered
   * wherever its socket went, and its per-IP slot back: with two slots per IP, forty such clients
   * in a row leave both free.
   */
  @Test
  void aClientThatClosesWithItsUpgradeIsAnsweredAndGivesItsSlotBack(@TempDir Path ownDir) {
    try (TestServer small = TestServer.start(ownDir, Clock.systemUTC(),
        Map.of(Keys.EVENT_LOOPS, "2", Keys.WEBSOCKET_ENGINE, "netty", Keys.PER_IP, "2"))) {
      PairingDriver smallDriver = new PairingDriver(small);
      for (int i = 0; i < 40; i++) {
        String token = smallDriver.wsToken(small.userToken("leaver-" + i), "desktop");
        try (RawFrameSocket s = RawFrameSocket.connectSendingAtOnce(small.pairingPort(), "/ws?token=" + token,
            List.of(new RawFrameSocket.Close(1000, "bye")))) {
          assertThat(s.awaitCloseCode()).as("socket %d", i).isEqualTo(1000);
          s.awaitEnd();
        }
      }
      assertThat(small.counter(MOVED)).as("sockets that changed loops").isGreaterThanOrEqualTo(3);
      org.awaitility.Awaitility.await().atMost(WsProbe.WAIT).until(() -> small.server().hub().connections().size() == 0);
      String token = smallDriver.wsToken(small.userToken("stayer"), "desktop");
      try (WsProbe a = smallDriver.connect(token); WsProbe b = smallDriver.connect(token)) {
        PairingDriver.assertAlive(a);
        PairingDriver.assertAlive(b);
      }
    }
  }

  /**
   * Clients that reset their TCP connection right after the 101, while their socket may be changing
   * loops, give their per-IP slot back: with two slots per IP, forty in a row leave both free.
   */
  @Test
  void clientsThatVanishRightAfterTheUpgradeGiveTheirSlotsBack(@TempDir Path ownDir) {
    try (TestServer small = TestServer.start(ownDir, Clock.systemUTC(),
        Map.of(Keys.EVENT_LOOPS, "2", Keys.WEBSOCKET_ENGINE, "netty", Keys.PER_IP, "2"))) {
      PairingDriver smallDriver = new PairingDriver(small);
      for (int i = 0; i < 40; i++) {
        String token = smallDriver.wsToken(small.userToken("vanisher-" + i), "desktop");
        RawFrameSocket.connectSendingAtOnce(small.pairingPort(), "/ws?token=" + token, List.of()).reset();
      }
      // Some may still be on their way through the server: the slots must all come back, soon.
      String token = smallDriver.wsToken(small.userToken("stayer"), "desktop");
      org.awaitility.Awaitility.await().atMost(WsProbe.WAIT).until(() -> twoConnect(smallDriver, token));
    }
  }

  /** Whether two sockets from this IP are accepted and served at once. */
  private static boolean twoConnect(PairingDriver driver, String token) {
    List<WsProbe> open = new ArrayList<>();
    try {
      open.add(driver.connect(token));
      open.add(driver.connect(token));
      open.forEach(PairingDriver::assertAlive);
      return true;
    } catch (RuntimeException | AssertionError refused) {
      return false;
    } finally {
      open.forEach(WsProbe::close);
    }
  }

  /** The pong and the texts a socket got until channel_joined, in order. */
  private static List<String> answers(RawFrameSocket s) {
    List<String> seen = new ArrayList<>();
    while (!seen.contains("channel_joined")) {
      RawFrameSocket.Frame f = s.nextFrame();
      if (f.opcode() == RawFrameSocket.PONG) {
        seen.add("pong " + new String(f.payload(), StandardCharsets.UTF_8));
      } else if (f.opcode() == RawFrameSocket.TEXT) {
        JsonNode m = Json.parseOrNull(f.text());
        seen.add(m.path("type").asText());
      }
    }
    return seen;
  }
}
