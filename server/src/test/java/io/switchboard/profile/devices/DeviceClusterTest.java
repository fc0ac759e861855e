package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.config.Keys;
import io.switchboard.core.presence.Directory;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.protocol.Json;
import io.switchboard.testing.AuditRows;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import io.vertx.core.Future;
import java.io.EOFException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on one Redis and one PostgreSQL schema: a command made on one node reaches a device
 * connected to another, and a device whose node dies gets every command acknowledged meanwhile
 * once it reconnects elsewhere.
 */
class DeviceClusterTest {
  private static final List<String> CAPS = List.of("location", "notification");
  /** Long enough that a halted node is still listed while the steps right after the halt run. */
  private static final int NODE_TIMEOUT_MS = 2500;

  @TempDir
  Path root;

  private String prefix;
  private String pgUrl;
  private String secret;
  private RedisClient redis;
  private RedisDirectory directory;
  private final List<TestServer> nodes = new ArrayList<>();
  private TestServer a;
  private TestServer b;
  private TestServer c;
  private String jwt;

  @BeforeEach
  void cluster() throws Exception {
    Services.requireRedis();
    Services.requirePostgres();
    prefix = Services.uniqueRedisPrefix();
    pgUrl = Services.freshPostgresSchema();
    secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    redis = RedisClient.create();
    directory = join(RedisDirectory.connect(redis, RedisURI.create(Services.REDIS_URL), prefix));
    a = node("node-a");
    b = node("node-b");
    c = node("node-c");
    jwt = c.userToken("amy");
  }

  @AfterEach
  void stop() {
    nodes.forEach(TestServer::close);
    if (directory != null) {
      join(directory.close());
    }
    if (redis != null) {
      Services.deleteRedisKeys(redis, prefix);
      redis.shutdown();
    }
  }

  @Test
  void aCommandMadeOnOneNodeRunsOnADeviceOnAnotherAndEveryNodeReadsTheOutcome() {
    WsProbe phone = new DeviceDriver(a).device(jwt, "phone", CAPS);
    // Listed before it is told `registered`: every node sees it online at once.
    assertThat(Http.get(base(c) + "/api/devices/phone", jwt).body().get("online").asBoolean()).isTrue();

    CompletableFuture<Http.Reply> call = new DeviceDriver(c).call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "phone"));
    JsonNode cmd = phone.await("command");
    phone.send(DeviceDriver.result(cmd, true, Json.object().put("latitude", 48.85).put("longitude", 2.35)));
    Http.Reply reply = call.join();

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().get("latitude").asDouble()).isEqualTo(48.85);
    String id = reply.body().get("command_id").asText();
    assertThat(id).isEqualTo(cmd.get("command_id").asText());
    JsonNode stored = Http.get(base(b) + "/api/devices/commands/" + id, jwt).body();
    assertThat(stored.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(statuses(stored)).containsExactly("QUEUED", "SENT", "SUCCEEDED");
  }

  @Test
  void aNewerConnectionOnAnotherNodeReplacesTheOlderOne() {
    WsProbe old = new DeviceDriver(a).device(jwt, "phone", CAPS);
    WsProbe fresh = new DeviceDriver(b).device(jwt, "phone", CAPS);

    assertThat(old.awaitClose()).isEqualTo(1000);
    assertThat(old.closeReason()).isEqualTo("Replaced by a newer connection");
    assertThat(lookup("device:phone").nodeId()).isEqualTo("node-b");

    CompletableFuture<Http.Reply> call = new DeviceDriver(c).call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "phone"));
    fresh.send(DeviceDriver.result(fresh.await("command"), true, Json.object().put("latitude", 1).put("longitude", 2)));
    assertThat(call.join().status()).isEqualTo(200);
    assertThat(old.seen()).noneMatch(m -> "command".equals(m.path("type").asText()));
  }

  @Test
  void aDeviceRemovedThroughOneNodeIsClosedOnAnotherAndForgottenEverywhere() {
    WsProbe phone = new DeviceDriver(a).device(jwt, "phone", CAPS);
    Http.Reply removed = Http.delete(base(c) + "/api/devices/phone", jwt);
    assertThat(removed.status()).isEqualTo(200);

    assertThat(phone.awaitError("DEVICE_REMOVED").get("details").get("device_node_id").asText()).isEqualTo("phone");
    assertThat(phone.awaitClose()).isEqualTo(1008);
    assertThat(phone.closeReason()).isEqualTo("Device removed");
    assertThat(Http.get(base(b) + "/api/devices/phone", jwt).status()).isEqualTo(404);
    assertThat(new DeviceDriver(b).call("/api/devices/location", jwt, Json.object().put("device_node_id", "phone"))
        .join().body().get("error").asText()).isEqualTo("DEVICE_NOT_FOUND");
  }

  @Test
  void aCommandQueuedWhileTheDeviceIsNotListedYetReachesItsConnection() {
    WsProbe phone = new DeviceDriver(b).device(jwt, "phone", CAPS);
    // A registering device is subscribed before it is listed; take the listing away to hold it there.
    Directory.Entry entry = lookup("device:phone");
    join(directory.unbind("device:phone", entry.connectionId()));

    Http.Reply queued = queueNotification(c, "phone", "while registering");
    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.body().get("status").asText()).isEqualTo("QUEUED");

    JsonNode cmd = phone.await("command");
    assertThat(cmd.get("command_id").asText()).isEqualTo(queued.body().get("command_id").asText());
    phone.send(DeviceDriver.result(cmd, true, Json.object()));
    awaitStatus(c, cmd.get("command_id").asText(), "SUCCEEDED");
  }

  @Test
  void aHaltedNodesDeviceFailsOverAndNoAcknowledgedCommandIsLost() throws Exception {
    WsProbe phone = new DeviceDriver(a).device(jwt, "phone", CAPS);
    RawWebSocket tablet = new RawWebSocket(a.httpPort(), "/api/devices/ws?token=" + jwt);
    tablet.sendText(Json.write(DeviceDriver.register("tablet", CAPS)));
    tablet.awaitTextContaining("\"registered\"");
    CompletableFuture<Http.Reply> call = new DeviceDriver(c).call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "phone"));
    phone.send(DeviceDriver.result(phone.await("command"), true, Json.object().put("latitude", 1).put("longitude", 2)));
    Http.Reply answered = call.join();
    assertThat(answered.status()).isEqualTo(200);

    a.halt();
    // A crash: the sockets are cut, without a reconnect hint or a close frame.
    assertThatThrownBy(tablet::awaitClose).isInstanceOf(EOFException.class);
    phone.awaitClose();
    assertThat(phone.seen()).noneMatch(m -> "reconnect".equals(m.path("type").asText()));
    // Node A's heartbeat has not expired yet, so its bindings are still listed.
    assertThat(lookup("device:phone").nodeId()).isEqualTo("node-a");
    assertThat(lookup("device:tablet").nodeId()).isEqualTo("node-a");

    // Sent through the stale binding, received by nobody: queued again (202), or refused (409).
    Http.Reply viaStale = queueNotification(c, "phone", "right after the failure");
    assertThat(viaStale.status()).isEqualTo(202);
    assertThat(viaStale.body().get("status").asText()).isEqualTo("QUEUED");
    String tabletCall = Json.write(Json.object().put("device_node_id", "tablet").put("idempotency_key", "k-tablet"));
    Http.Reply refused = Http.post(base(c) + "/api/devices/location", jwt, tabletCall);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("error").asText()).isEqualTo("DEVICE_OFFLINE");
    assertThat(refused.body().get("status").asText()).isEqualTo("UNDELIVERED");
    // Retried with its key, on another node: the same answer, marked as a replay.
    Http.Reply replayed = Http.post(base(b) + "/api/devices/location", jwt, tabletCall);
    assertThat(replayed.status()).isEqualTo(409);
    assertThat(replayed.body().get("idempotent_replay").asBoolean()).isTrue();
    ((com.fasterxml.jackson.databind.node.ObjectNode) replayed.body()).remove("idempotent_replay");
    assertThat(replayed.body()).isEqualTo(refused.body());
    // The stale bindings went with it, before node A was declared dead.
    await().atMost(WsProbe.WAIT).until(() -> lookup("device:phone") == null && lookup("device:tablet") == null);
    assertThat(nodeKeyExists("node-a")).isTrue();

    Http.Reply between = queueNotification(c, "phone", "between nodes");
    assertThat(between.status()).isEqualTo(202);
    // Left to expire, node A's heartbeat is noticed by the live nodes, which forget it.
    await().atMost(WsProbe.WAIT).until(() -> !nodeKeyExists("node-a") && !nodeListed("node-a"));

    // The device reconnects to node B, as a client does after its node failed.
    WsProbe back = new DeviceDriver(b).device(jwt, "phone", CAPS);
    JsonNode first = back.await("command");
    assertThat(first.get("command_id").asText()).isEqualTo(id(viaStale));
    back.send(DeviceDriver.result(first, true, Json.object()));
    JsonNode second = back.await("command");
    assertThat(second.get("command_id").asText()).isEqualTo(id(between));
    back.send(DeviceDriver.result(second, true, Json.object()));

    awaitStatus(c, id(viaStale), "SUCCEEDED");
    awaitStatus(c, id(between), "SUCCEEDED");
    assertThat(statuses(command(b, id(viaStale)))).containsExactly("QUEUED", "SENT", "QUEUED", "SENT", "SUCCEEDED");
    assertThat(statuses(command(b, id(between)))).containsExactly("QUEUED", "SENT", "SUCCEEDED");
    JsonNode undelivered = command(b, id(refused));
    assertThat(undelivered.get("status").asText()).isEqualTo("UNDELIVERED");
    assertThat(undelivered.get("message").asText()).isEqualTo(refused.body().get("message").asText());
    assertThat(undelivered.get("details").get("device_node_id").asText()).isEqualTo("tablet");
    assertThat(undelivered.has("data")).isFalse();
    assertThat(statuses(undelivered)).containsExactly("QUEUED", "SENT", "UNDELIVERED");
    assertThat(command(b, id(answered)).get("status").asText()).isEqualTo("SUCCEEDED");

    await().atMost(WsProbe.WAIT).untilAsserted(() -> {
      assertThat(AuditRows.commandOutcomes(pgUrl, id(answered))).containsExactly("SUCCEEDED");
      assertThat(AuditRows.commandOutcomes(pgUrl, id(viaStale))).containsExactly("QUEUED", "SUCCEEDED");
      assertThat(AuditRows.commandOutcomes(pgUrl, id(between))).containsExactly("QUEUED", "SUCCEEDED");
      assertThat(AuditRows.commandOutcomes(pgUrl, id(refused))).containsExactly("UNDELIVERED");
    });
  }

  private TestServer node(String id) {
    TestServer s = TestServer.start(root.resolve(id), Clock.systemUTC(), Map.of(
        Keys.NODE_ID, id,
        Keys.CLUSTER_REDIS_URL, Services.REDIS_URL,
        Keys.CLUSTER_REDIS_PREFIX, prefix,
        Keys.CLUSTER_NODE_HEARTBEAT, "200",
        Keys.CLUSTER_NODE_TIMEOUT, String.valueOf(NODE_TIMEOUT_MS),
        Keys.STORE_URL, pgUrl,
        Keys.STORE_USER, Services.PG_USER,
        Keys.JWT_SECRET, secret));
    nodes.add(s);
    return s;
  }

  private static String base(TestServer s) {
    return "http://127.0.0.1:" + s.httpPort();
  }

  private Http.Reply queueNotification(TestServer s, String device, String title) {
    return Http.post(base(s) + "/api/devices/notification", jwt, Json.write(Json.object()
        .put("device_node_id", device).put("title", title).put("body", "-").put("queue_if_offline", true)));
  }

  private JsonNode command(TestServer s, String id) {
    return Http.get(base(s) + "/api/devices/commands/" + id, jwt).body();
  }

  private void awaitStatus(TestServer s, String id, String status) {
    await().atMost(WsProbe.WAIT).until(() -> status.equals(command(s, id).path("status").asText()));
  }

  private static String id(Http.Reply r) {
    return r.body().get("command_id").asText();
  }

  private static List<String> statuses(JsonNode command) {
    List<String> out = new ArrayList<>();
    command.get("transitions").forEach(t -> out.add(t.get("status").asText()));
    return out;
  }

  private Directory.Entry lookup(String name) {
    return join(directory.lookup(name));
  }

  private boolean nodeKeyExists(String node) {
    try (StatefulRedisConnection<String, String> conn = redis.connect(RedisURI.create(Services.REDIS_URL))) {
      return conn.sync().exists(prefix + "node:" + node) > 0;
    }
  }

  private boolean nodeListed(String node) {
    try (StatefulRedisConnection<String, String> conn = redis.connect(RedisURI.create(Services.REDIS_URL))) {
      return conn.sync().sismember(prefix + "nodes", node);
    }
  }


  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }
}
