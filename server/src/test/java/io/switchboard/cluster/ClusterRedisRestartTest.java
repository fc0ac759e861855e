package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Cluster;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.OwnRedis;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis restarted under traffic. Nodes keep their sockets, say they are degraded while Redis is
 * away, reconnect on their own and write their presence again; what is lost is what the failure
 * modes in operations.md say: with an append-only file nothing but the messages published while
 * Redis was down, without one also the pairing channels and codes.
 */
class ClusterRedisRestartTest {
  @TempDir
  Path root;

  @Test
  void withoutPersistenceNodesResumePresenceComesBackAndLostChannelsAreClosed() throws Exception {
    try (OwnRedis redis = OwnRedis.start(root.resolve("redis"), false);
        Cluster cluster = Cluster.start(root, 2, Map.of(Keys.CLUSTER_REDIS_URL, redis.url()))) {
      TestServer a = cluster.node(0);
      TestServer b = cluster.node(1);
      PairingDriver.Pair pair = crossNodePair(a, b, "volatile");
      String jwt = a.userToken("owner");
      WsProbe device = new DeviceDriver(a).device(jwt, "dev-1", DeviceDriver.ALL_CAPABILITIES);
      assertCommandRoundTrip(b, jwt, device);

      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> status(a).equals("DOWN") && status(b).equals("DOWN"));
      // Sockets stay open; a relay that cannot be numbered is refused, and said so.
      pair.desktop().send(PairingDriver.channelMessage(pair.channel(), Json.object().put("n", 1)));
      pair.desktop().awaitError("INTERNAL");
      PairingDriver.assertAlive(pair.desktop());
      device.send(Json.object().put("type", "heartbeat"));
      device.await("heartbeat_ack");

      redis.startProcess();
      await().atMost(Duration.ofSeconds(20)).until(() -> status(a).equals("UP") && status(b).equals("UP"));
      // The channel died with Redis's data: its members are told, and a new pairing works across nodes.
      pair.desktop().await(m -> "channel_closed".equals(m.path("type").asText()), "channel_closed");
      pair.mobile().await(m -> "channel_closed".equals(m.path("type").asText()), "channel_closed");
      crossNodePair(b, a, "after").close();
      // The device's presence was written again by its node: a command through the other node reaches it.
      await().atMost(Duration.ofSeconds(10)).until(() -> deviceOnline(b, jwt));
      assertCommandRoundTrip(b, jwt, device);
      pair.close();
      device.close();
    }
  }

  @Test
  void withAnAppendOnlyFileTheChannelSurvivesAndTheRelayResumes() throws Exception {
    try (OwnRedis redis = OwnRedis.start(root.resolve("redis"), true);
        Cluster cluster = Cluster.start(root, 2, Map.of(Keys.CLUSTER_REDIS_URL, redis.url()))) {
      TestServer a = cluster.node(0);
      TestServer b = cluster.node(1);
      PairingDriver.Pair pair = crossNodePair(a, b, "kept");
      pair.mobile().send(PairingDriver.settingsSync(pair.channel(), Json.object().put("audioGain", 33)));
      pair.desktop().await("settings_sync");

      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> status(a).equals("DOWN"));
      redis.startProcess();
      await().atMost(Duration.ofSeconds(20)).until(() -> status(a).equals("UP") && status(b).equals("UP"));

      // Relaying resumes in both directions once the subscriptions are back, numbered on from before.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> PairingDriver.relayMarker(pair.mobile(),
          pair.desktop(), pair.channel()));
      PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel());
      // The state is intact for a member that comes back.
      pair.mobile().close();
      pair.desktop().await("mobile_disconnected");
      String jwt = b.userToken("user-kept");
      PairingDriver onA = new PairingDriver(a);
      WsProbe back = onA.connect(onA.wsToken(jwt, "mobile"));
      JsonNode joined = onA.identifyAndJoin(back, pair.channel(), "mobile", pair.mobileSession());
      assertThat(joined.get("state").get("settings").get("audioGain").asInt()).isEqualTo(33);
      back.close();
      pair.desktop().close();
    }
  }

  /** Desktop on {@code desktopNode}, mobile on {@code mobileNode}, paired and joined. */
  private static PairingDriver.Pair crossNodePair(TestServer desktopNode, TestServer mobileNode, String tag) {
    PairingDriver d = new PairingDriver(desktopNode);
    PairingDriver m = new PairingDriver(mobileNode);
    String jwt = desktopNode.userToken("user-" + tag);
    Http.Reply gen = d.generate(jwt, "desk-" + tag);
    assertThat(gen.status()).as("generate %s", gen.body()).isEqualTo(200);
    String channel = gen.body().get("channel_id").asText();
    WsProbe desktop = d.connect(d.wsToken(jwt, "desktop"));
    d.identifyAndJoin(desktop, channel, "desktop", "desk-" + tag);
    assertThat(m.pairDevice(jwt, gen.body().get("code").asText(), "mob-" + tag).status()).isEqualTo(200);
    WsProbe mobile = m.connect(m.wsToken(jwt, "mobile"));
    m.identifyAndJoin(mobile, channel, "mobile", "mob-" + tag);
    desktop.await("pairing_success");
    mobile.await("pairing_success");
    return new PairingDriver.Pair(gen.body().get("code").asText(), channel, desktop, mobile, "desk-" + tag,
        "mob-" + tag);
  }

  private static void assertCommandRoundTrip(TestServer via, String jwt, WsProbe device) {
    CompletableFuture<Http.Reply> reply = new DeviceDriver(via).call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "dev-1"));
    JsonNode command = device.await("command");
    device.send(DeviceDriver.result(command, true, Json.object().put("latitude", 52.1).put("longitude", 4.3)));
    Http.Reply r = reply.join();
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isTrue();
  }

  private static boolean deviceOnline(TestServer via, String jwt) {
    Http.Reply r = Http.get("http://127.0.0.1:" + via.httpPort() + "/api/devices/dev-1", jwt);
    return r.status() == 200 && r.body().path("online").asBoolean();
  }

  private static String status(TestServer node) {
    JsonNode health = Http.get("http://127.0.0.1:" + node.httpPort() + "/health").body();
    return health.path("components").path("broker").path("status").asText();
  }
}
