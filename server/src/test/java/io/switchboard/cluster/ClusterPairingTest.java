package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Cluster;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairing across three nodes on one Redis and one PostgreSQL: a desktop on one node and its mobile
 * on another pair, join, relay and keep their state as if on one server, and nobody else gets in.
 */
class ClusterPairingTest {
  @TempDir
  static Path root;
  static Cluster cluster;
  static TestServer a;
  static TestServer b;
  static TestServer c;
  static PairingDriver onA;
  static PairingDriver onB;
  static PairingDriver onC;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(root, 3, Map.of());
    a = cluster.node(0);
    b = cluster.node(1);
    c = cluster.node(2);
    onA = new PairingDriver(a);
    onB = new PairingDriver(b);
    onC = new PairingDriver(c);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void desktopOnOneNodeAndMobileOnAnotherPairRelayAndRestoreState() {
    String jwt = a.userToken("alice");
    Http.Reply gen = onA.generate(jwt, "desk-1");
    assertThat(gen.status()).isEqualTo(200);
    String code = gen.body().get("code").asText();
    String channel = gen.body().get("channel_id").asText();

    // A WS token from one node opens a socket on another.
    WsProbe desktop = onA.connect(onB.wsToken(jwt, "desktop"));
    assertThat(onA.identifyAndJoin(desktop, channel, "desktop", "desk-1").get("members")).hasSize(1);

    // The code generated on A is redeemed through B, and single use everywhere.
    assertThat(onB.pairDevice(jwt, code, "mob-1").status()).isEqualTo(200);
    PairingDriver.assertRestFailure(onC.pairDevice(jwt, code, "mob-2"), 404, "CODE_NOT_FOUND");

    WsProbe mobile = onB.connect(onB.wsToken(jwt, "mobile"));
    JsonNode joined = onB.identifyAndJoin(mobile, channel, "mobile", "mob-1");
    assertThat(joined.get("members")).hasSize(2);
    assertThat(joined.get("paired").asBoolean()).isTrue();
    assertThat(mobile.await("pairing_success").get("code").asText()).isEqualTo(code);
    assertThat(desktop.await("client_joined").get("device_type").asText()).isEqualTo("mobile");
    assertThat(desktop.await("pairing_success").get("channelId").asText()).isEqualTo(channel);

    // Relay both ways, numbered by the channel whichever node a member is on.
    JsonNode toDesktop = PairingDriver.relayMarker(mobile, desktop, channel);
    JsonNode toMobile = PairingDriver.relayMarker(desktop, mobile, channel);
    assertThat(toMobile.get("seq").asLong()).isEqualTo(toDesktop.get("seq").asLong() + 1);
    mobile.sendBinary(new byte[] {9, 8, 7});
    assertThat(desktop.awaitBinary().remaining()).isEqualTo(3);

    // State set through both nodes.
    mobile.send(PairingDriver.settingsSync(channel, Json.object().put("audioGain", 40).put("language", "nl")));
    assertThat(desktop.await("settings_sync").get("settings").get("audioGain").asInt()).isEqualTo(40);
    desktop.send(PairingDriver.settingsSync(channel, Json.object().put("audioGain", 65)));
    assertThat(mobile.await("settings_sync").get("settings").get("audioGain").asInt()).isEqualTo(65);
    desktop.send(PairingDriver.channelMessage(channel, Json.object().put("action", "STATE_UPDATE")
        .put("stateType", "player").set("data", Json.object().put("track", 7))));
    mobile.await(m -> "STATE_UPDATE".equals(m.path("payload").path("action").asText()), "state update");

    // The mobile drops and comes back through the third node: the state is there.
    mobile.close();
    desktop.await("mobile_disconnected");
    WsProbe back = onC.connect(onC.wsToken(jwt, "mobile"));
    JsonNode rejoined = onC.identifyAndJoin(back, channel, "mobile", "mob-1");
    JsonNode state = rejoined.get("state");
    assertThat(state.get("settings").get("audioGain").asInt()).isEqualTo(65);
    assertThat(state.get("settings").get("language").asText()).isEqualTo("nl");
    assertThat(state.get("states").get("player").get("data").get("track").asInt()).isEqualTo(7);
    PairingDriver.relayMarker(desktop, back, channel);
    PairingDriver.relayMarker(back, desktop, channel);
    desktop.close();
    back.close();
  }

  @Test
  void isolationHoldsAcrossNodes() {
    PairingDriver.Pair alice = onA.pair("alice-iso", "iso");
    PairingDriver.Pair bob = onB.pair("bob-iso", "iso");

    // Knowing the channel id is not enough, on any node: another user, or another session of the same user.
    String bobJwt = c.userToken("bob-iso");
    WsProbe intruder = onC.connect(onC.wsToken(bobJwt, "mobile"));
    intruder.send(PairingDriver.identify("mobile", "mobile-iso"));
    intruder.await("identified");
    intruder.send(PairingDriver.join(alice.channel(), "mobile", "mobile-iso"));
    intruder.awaitError("INVALID_CHANNEL");
    WsProbe otherSession = onB.connect(onB.wsToken(c.userToken("alice-iso"), "mobile"));
    otherSession.send(PairingDriver.identify("mobile", "another-session"));
    otherSession.await("identified");
    otherSession.send(PairingDriver.join(alice.channel(), "mobile", "another-session"));
    otherSession.awaitError("INVALID_CHANNEL");
    // A second connection of the paired mobile session finds the slot taken, across nodes.
    WsProbe twin = onC.connect(onC.wsToken(c.userToken("alice-iso"), "mobile"));
    twin.send(PairingDriver.identify("mobile", alice.mobileSession()));
    twin.await("identified");
    twin.send(PairingDriver.join(alice.channel(), "mobile", alice.mobileSession()));
    assertThat(twin.awaitError("CHANNEL_FULL").get("details").get("max_devices").asInt()).isEqualTo(2);

    // Another user's code is not redeemable by bob, from any node (user scope).
    Http.Reply gen = onA.generate(a.userToken("alice-iso"), "desk-2");
    PairingDriver.assertRestFailure(onC.pairDevice(bobJwt, gen.body().get("code").asText(), "m"), 404,
        "CODE_NOT_FOUND");

    // Messages stay in their channel: bob's desktop on B never sees alice's traffic.
    int mark = bob.desktop().mark();
    PairingDriver.relayMarker(alice.mobile(), alice.desktop(), alice.channel());
    PairingDriver.relayMarker(bob.mobile(), bob.desktop(), bob.channel());
    assertThat(bob.desktop().seenSince(mark)).extracting(m -> m.path("channelId").asText())
        .containsOnly(bob.channel());
    alice.close();
    bob.close();
    intruder.close();
    otherSession.close();
    twin.close();
  }
}
