package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Cluster;
import io.switchboard.testing.Http;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels of more than two devices ({@code pairing.max-devices=4}): one code pairs three mobiles,
 * relays reach every other member and never the sender, a fifth connection finds the channel full.
 * Run on one node, and across two nodes with the desktop on one and the mobiles on the other.
 */
class PairingGroupTest {
  private static final Map<String, String> FOUR = Map.of(Keys.PAIRING_MAX_DEVICES, "4");

  @TempDir
  Path dir;

  @Test
  void oneDesktopAndThreeMobilesOnOneNode() {
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), FOUR)) {
      group(server, server);
    }
  }

  @Test
  void desktopOnOneNodeAndThreeMobilesOnAnother() throws Exception {
    try (Cluster cluster = Cluster.start(Files.createDirectories(dir.resolve("cluster")), 2, FOUR)) {
      group(cluster.node(0), cluster.node(1));
    }
  }

  @Test
  void aGroupPairedByOneMobileOutlivesItsCodeAndLaterMobilesCannotPair() {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(dir, clock, FOUR)) {
      PairingDriver driver = new PairingDriver(server);
      String jwt = server.userToken("alice");
      Http.Reply gen = driver.generate(jwt, "desk");
      String code = gen.body().get("code").asText();
      String channel = gen.body().get("channel_id").asText();
      WsProbe desktop = driver.connect(driver.wsToken(jwt, "desktop"));
      driver.identifyAndJoin(desktop, channel, "desktop", "desk");
      assertThat(driver.pairDevice(jwt, code, "mob-1").status()).isEqualTo(200);
      WsProbe mobile = driver.connect(driver.wsToken(jwt, "mobile"));
      driver.identifyAndJoin(mobile, channel, "mobile", "mob-1");
      mobile.await("pairing_success");

      // A second code that nobody pairs expires at the same moment: its channel_closed shows the
      // sweep has run past both codes' expiry.
      String bobJwt = server.userToken("bob");
      String lonely = driver.generate(bobJwt, "bob-desk").body().get("channel_id").asText();
      WsProbe bobDesktop = driver.connect(driver.wsToken(bobJwt, "desktop"));
      driver.identifyAndJoin(bobDesktop, lonely, "desktop", "bob-desk");
      clock.advance(Duration.ofSeconds(301));
      assertThat(bobDesktop.await("channel_closed").get("reason").asText()).isEqualTo("code_expired");

      desktop.send(PairingDriver.channelMessage(channel, Json.object().put("n", "after-expiry")));
      awaitMessage(mobile, "after-expiry");
      // Relayed after the sweep, and neither member was told the channel closed.
      assertThat(desktop.seen()).noneMatch(m -> "channel_closed".equals(m.path("type").asText()));
      assertThat(mobile.seen()).noneMatch(m -> "channel_closed".equals(m.path("type").asText()));
      // The code itself is spent: a further mobile cannot pair with it.
      PairingDriver.assertRestFailure(driver.pairDevice(jwt, code, "mob-2"), 404, "CODE_NOT_FOUND");
      bobDesktop.close();
      desktop.close();
      mobile.close();
    }
  }

  @Test
  void maxDevicesBelowTwoIsRefusedAtStart() {
    assertThatThrownBy(() -> TestServer.start(dir, Clock.systemUTC(),
        Map.of(Keys.PAIRING_MAX_DEVICES, "1")).close()).hasStackTraceContaining(Keys.PAIRING_MAX_DEVICES);
  }

  private static void group(TestServer desktopNode, TestServer mobileNode) {
    PairingDriver onDesktopNode = new PairingDriver(desktopNode);
    PairingDriver onMobileNode = new PairingDriver(mobileNode);
    String jwt = desktopNode.userToken("alice");
    Http.Reply gen = onDesktopNode.generate(jwt, "desk");
    assertThat(gen.status()).isEqualTo(200);
    String code = gen.body().get("code").asText();
    String channel = gen.body().get("channel_id").asText();
    WsProbe desktop = onDesktopNode.connect(onDesktopNode.wsToken(jwt, "desktop"));
    assertThat(onDesktopNode.identifyAndJoin(desktop, channel, "desktop", "desk").get("members")).hasSize(1);

    List<WsProbe> mobiles = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String session = "mob-" + i;
      Http.Reply paired = onMobileNode.pairDevice(jwt, code, session);
      assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
      assertThat(paired.body().get("channel_id").asText()).isEqualTo(channel);
      // One session binds one slot: pairing it again does not take another.
      PairingDriver.assertRestFailure(onMobileNode.pairDevice(jwt, code, session), 404, "CODE_NOT_FOUND");

      WsProbe mobile = onMobileNode.connect(onMobileNode.wsToken(jwt, "mobile"));
      JsonNode joined = onMobileNode.identifyAndJoin(mobile, channel, "mobile", session);
      assertThat(joined.get("members")).hasSize(i + 1);
      // The desktop and one mobile make a pair: the channel no longer depends on the code.
      assertThat(joined.get("paired").asBoolean()).isTrue();
      for (JsonNode m : joined.get("members")) {
        assertThat(m.get("device_type").asText()).isIn("desktop", "mobile");
      }
      JsonNode success = mobile.await("pairing_success");
      assertThat(success.get("code").asText()).isEqualTo(code);
      assertThat(success.get("channelId").asText()).isEqualTo(channel);
      JsonNode arrived = desktop.await(m -> "client_joined".equals(m.path("type").asText())
          && session.equals(m.path("client_id").asText()), "client_joined " + session);
      assertThat(arrived.get("device_type").asText()).isEqualTo("mobile");
      mobiles.add(mobile);
    }
    // Every mobile slot is bound: the code is used up.
    PairingDriver.assertRestFailure(onMobileNode.pairDevice(jwt, code, "mob-4"), 404, "CODE_NOT_FOUND");

    // The desktop reaches all three mobiles.
    desktop.send(PairingDriver.channelMessage(channel, Json.object().put("n", "from-desktop")));
    for (WsProbe m : mobiles) {
      assertThat(awaitMessage(m, "from-desktop").get("seq").asLong()).isPositive();
    }
    // One mobile reaches the desktop and the two other mobiles, never itself.
    WsProbe sender = mobiles.get(0);
    int mark = sender.mark();
    sender.send(PairingDriver.channelMessage(channel, Json.object().put("n", "from-mob-1")));
    awaitMessage(desktop, "from-mob-1");
    awaitMessage(mobiles.get(1), "from-mob-1");
    awaitMessage(mobiles.get(2), "from-mob-1");
    PairingDriver.relayMarker(desktop, sender, channel);
    assertThat(sender.seenSince(mark)).noneMatch(m -> "from-mob-1".equals(m.path("payload").path("n").asText()));

    // pairing_success went to everyone once, when the first mobile made the pair; later mobiles got their own.
    assertThat(count(desktop, "pairing_success")).isEqualTo(1);
    assertThat(count(mobiles.get(0), "pairing_success")).isEqualTo(1);

    // A fifth connection, for a session that holds a slot, finds the channel full.
    WsProbe fifth = onMobileNode.connect(onMobileNode.wsToken(jwt, "mobile"));
    fifth.send(PairingDriver.identify("mobile", "mob-2"));
    fifth.await("identified");
    fifth.send(PairingDriver.join(channel, "mobile", "mob-2"));
    JsonNode full = fifth.nextError("CHANNEL_FULL");
    assertThat(full.get("details").get("max_devices").asInt()).isEqualTo(4);
    assertThat(full.get("details").get("current_devices").asInt()).isEqualTo(4);
    // A session that never paired is not let in.
    WsProbe stranger = onMobileNode.connect(onMobileNode.wsToken(jwt, "mobile"));
    stranger.send(PairingDriver.join(channel, "mobile", "mob-4"));
    stranger.nextError("INVALID_CHANNEL");

    stranger.close();
    fifth.close();
    desktop.close();
    mobiles.forEach(WsProbe::close);
  }

  private static JsonNode awaitMessage(WsProbe p, String n) {
    return p.await(m -> "channel_message".equals(m.path("type").asText())
        && n.equals(m.path("payload").path("n").asText()), "channel_message " + n);
  }

  private static long count(WsProbe p, String type) {
    return p.seen().stream().filter(m -> type.equals(m.path("type").asText())).count();
  }
}
