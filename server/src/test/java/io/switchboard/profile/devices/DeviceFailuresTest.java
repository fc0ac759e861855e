package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts, offline queueing, ownership, capabilities, idempotency and the registration handshake. */
class DeviceFailuresTest {
  @TempDir
  Path dataDir;
  TestServer server;
  DeviceDriver driver;
  String jwt;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.DEVICES_REGISTRATION_TIMEOUT, "1"));
    driver = new DeviceDriver(server);
    jwt = server.userToken("xena");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode command(String id) {
    return Http.get(driver.base() + "/api/devices/commands/" + id, jwt).body();
  }

  @Test
  void silentDeviceTimesOutWith504AndItsLateResultIsStillRecorded() {
    try (WsProbe device = driver.device(jwt, "slow", List.of("location"))) {
      CompletableFuture<Http.Reply> call = driver.call("/api/devices/location", jwt,
          Json.object().put("device_node_id", "slow").put("timeout_seconds", 1));
      JsonNode cmd = device.await("command");
      Http.Reply r = call.join();
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.body().get("status").asText()).isEqualTo("TIMED_OUT");
      String id = cmd.get("command_id").asText();
      assertThat(r.body().get("command_id").asText()).isEqualTo(id);

      device.send(DeviceDriver.result(cmd, true, Json.object().put("latitude", 1.5).put("longitude", 2.5)));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> command(id).path("late_result").asBoolean());
      JsonNode stored = command(id);
      assertThat(stored.get("status").asText()).isEqualTo("TIMED_OUT");
      assertThat(stored.get("data").get("latitude").asDouble()).isEqualTo(1.5);
      assertThat(stored.get("transitions")).extracting(t -> t.get("status").asText())
          .containsExactly("QUEUED", "SENT", "TIMED_OUT", "SUCCEEDED");
      assertThat(server.server().devices().pendingCommands()).isZero();
    }
  }

  @Test
  void offlineWithQueueIs202AndDeliveredInOrderAfterReconnect() {
    driver.device(jwt, "phone", List.of("notification")).close();
    awaitOffline("phone");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Http.Reply r = driver.call("/api/devices/notification", jwt, Json.object().put("device_node_id", "phone")
          .put("title", "n" + i).put("body", "b").put("queue_if_offline", true)).join();
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.body().get("status").asText()).isEqualTo("QUEUED");
      ids.add(r.body().get("command_id").asText());
    }
    try (WsProbe device = driver.device(jwt, "phone", List.of("notification"))) {
      for (int i = 1; i <= 3; i++) {
        JsonNode cmd = device.await("command");
        assertThat(cmd.get("command_id").asText()).isEqualTo(ids.get(i - 1));
        assertThat(cmd.get("params").get("title").asText()).isEqualTo("n" + i);
        device.send(DeviceDriver.result(cmd, true, Json.object()));
      }
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> ids.stream().allMatch(id -> command(id).path("status").asText().equals("SUCCEEDED")));
    }
  }

  @Test
  void offlineWithoutQueueIs409() {
    driver.device(jwt, "gone", List.of("location")).close();
    awaitOffline("gone");
    Http.Reply r = driver.call("/api/devices/location", jwt, Json.object().put("device_node_id", "gone")).join();
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().get("error").asText()).isEqualTo("DEVICE_OFFLINE");
  }

  @Test
  void anotherUsersDeviceIs404AndAudited() throws Exception {
    try (WsProbe device = driver.device(jwt, "mine", List.of("location"))) {
      String other = server.userToken("yuri");
      Http.Reply r = driver.call("/api/devices/location", other, Json.object().put("device_node_id", "mine")).join();
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body().get("error").asText()).isEqualTo("DEVICE_NOT_FOUND");
      server.server().audit().flush().toCompletionStage().toCompletableFuture().join();
      assertThat(server.server().audit().query(new AuditLog.Query("device.denied", "yuri", null, null, 10,
          Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join())
          .anyMatch(e -> "mine".equals(e.subject()) && e.detail().contains("DEVICE_NOT_FOUND"));
      Http.Reply page = Http.get(driver.base() + "/api/devices/audit?kind=device.denied", other);
      assertThat(page.body().get("events").get(0).get("device_node_id").asText()).isEqualTo("mine");
      // The owner's own trail does not show the other user's rows.
      assertThat(Http.get(driver.base() + "/api/devices/audit?kind=device.denied", jwt).body().get("count").asInt())
          .isZero();
      // And the other user cannot register the same device id either.
      WsProbe thief = driver.connect(other);
      thief.send(DeviceDriver.register("mine", List.of("location")));
      assertThat(thief.awaitError("DEVICE_OWNED_BY_ANOTHER_USER")).isNotNull();
      assertThat(thief.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void missingCapabilityIs422() {
    try (WsProbe device = driver.device(jwt, "nocam", List.of("location"))) {
      Http.Reply r = driver.call("/api/devices/camera/snap", jwt, Json.object().put("device_node_id", "nocam")).join();
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body().get("error").asText()).isEqualTo("CAPABILITY_MISSING");
      assertThat(r.body().get("details").get("capability").asText()).isEqualTo("camera");
    }
  }

  @Test
  void idempotencyKeyReturnsTheExistingCommand() {
    try (WsProbe device = driver.device(jwt, "idem", List.of("location"))) {
      var body = Json.object().put("device_node_id", "idem").put("idempotency_key", "k-1");
      CompletableFuture<Http.Reply> first = driver.call("/api/devices/location", jwt, body);
      JsonNode cmd = device.await("command");
      device.send(DeviceDriver.result(cmd, true, Json.object().put("latitude", 3).put("longitude", 4)));
      assertThat(first.join().status()).isEqualTo(200);
      Http.Reply again = driver.call("/api/devices/location", jwt, body).join();
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body().get("command_id").asText()).isEqualTo(cmd.get("command_id").asText());
      assertThat(again.body().get("idempotent_replay").asBoolean()).isTrue();
      assertThat(again.body().get("latitude").asInt()).isEqualTo(3);
      device.send("{\"type\":\"heartbeat\"}");
      device.await("heartbeat_ack");
      assertThat(device.seen().stream().filter(m -> m.path("type").asText().equals("command")).count()).isEqualTo(1);
    }
  }

  @Test
  void aReplayedRefusalAnswersAsTheFirstCallDid() {
    try (WsProbe device = driver.device(jwt, "idem-refused", List.of("location"))) {
      var body = Json.object().put("device_node_id", "idem-refused").put("agent_id", "nobody")
          .put("idempotency_key", "k-refused");
      Http.Reply first = driver.call("/api/devices/location", jwt, body).join();
      assertThat(first.status()).isEqualTo(403);
      assertThat(first.body().get("error").asText()).isEqualTo("AGENT_NOT_FOUND");
      Http.Reply again = driver.call("/api/devices/location", jwt, body).join();
      assertThat(again.status()).isEqualTo(403);
      assertThat(again.body().get("idempotent_replay").asBoolean()).isTrue();
      assertThat(again.body().get("command_id").asText()).isEqualTo(first.body().get("command_id").asText());
      assertThat(again.body().get("status").asText()).isEqualTo("REJECTED");
      assertThat(again.body().get("error").asText()).isEqualTo("AGENT_NOT_FOUND");
      assertThat(again.body().get("message").asText()).isEqualTo("No agent nobody is registered");
      assertThat(again.body().get("details").get("agent_id").asText()).isEqualTo("nobody");
      JsonNode withoutMark = again.body().deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) withoutMark).remove("idempotent_replay");
      assertThat(withoutMark).isEqualTo(first.body());
      JsonNode stored = command(first.body().get("command_id").asText());
      assertThat(stored.get("message").asText()).isEqualTo("No agent nobody is registered");
      assertThat(stored.get("details").get("agent_id").asText()).isEqualTo("nobody");
      assertThat(stored.has("data")).isFalse();
    }
  }

  @Test
  void aUserPastTheDeviceLimitIsRefusedAndOtherUsersAreNot(@TempDir Path ownDir) throws Exception {
    try (TestServer small = TestServer.start(ownDir, Clock.systemUTC(), Map.of(Keys.DEVICES_MAX_PER_USER, "2"))) {
      DeviceDriver d = new DeviceDriver(small);
      String owner = small.userToken("zoe");
      d.device(owner, "zoe-1", List.of("location")).close();
      d.device(owner, "zoe-2", List.of("location")).close();
      WsProbe third = d.connect(owner);
      third.send(DeviceDriver.register("zoe-3", List.of("location")));
      JsonNode refused = third.awaitError("DEVICE_LIMIT_REACHED");
      assertThat(refused.get("details").get("max_devices").asInt()).isEqualTo(2);
      assertThat(third.awaitClose()).isEqualTo(1008);
      assertThat(third.closeReason()).isEqualTo("Device limit reached");
      assertThat(Http.get(d.base() + "/api/devices", owner).body().get("devices")).hasSize(2);
      // A device already registered comes back as usual, and another user is not counted against zoe.
      d.device(owner, "zoe-1", List.of("location", "camera")).close();
      d.device(small.userToken("yann"), "yann-1", List.of("location")).close();
      small.server().audit().flush().toCompletionStage().toCompletableFuture().join();
      assertThat(small.server().audit().query(new AuditLog.Query("device.register", "zoe", "denied", null, 10,
          Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join())
          .anyMatch(e -> "zoe-3".equals(e.subject()) && "DEVICE_LIMIT_REACHED".equals(e.detail()));
    }
  }

  @Test
  void anOwnerReadsOtherUsersAttemptsOnTheirDevicesWithoutWhoOrWhere() {
    try (WsProbe owned = driver.device(jwt, "xena-tv", List.of("location"))) {
      String yuri = server.userToken("yuri");
      WsProbe intruder = driver.connect(yuri);
      intruder.send(DeviceDriver.register("xena-tv", List.of("location")));
      intruder.awaitError("DEVICE_OWNED_BY_ANOTHER_USER");
      assertThat(intruder.awaitClose()).isEqualTo(1008);
      server.server().audit().flush().toCompletionStage().toCompletableFuture().join();

      String query = "/api/devices/audit?kind=device.register&outcome=denied";
      JsonNode seenByOwner = Http.get(driver.base() + query, jwt).body().get("events");
      assertThat(seenByOwner).hasSize(1);
      assertThat(seenByOwner.get(0).get("device_node_id").asText()).isEqualTo("xena-tv");
      assertThat(seenByOwner.get(0).get("detail").asText()).isEqualTo("DEVICE_OWNED_BY_ANOTHER_USER");
      assertThat(seenByOwner.get(0).get("actor").isNull()).isTrue();
      assertThat(seenByOwner.get(0).get("ip").isNull()).isTrue();

      JsonNode seenByIntruder = Http.get(driver.base() + query, yuri).body().get("events");
      assertThat(seenByIntruder).hasSize(1);
      assertThat(seenByIntruder.get(0).get("actor").asText()).isEqualTo("yuri");
      assertThat(seenByIntruder.get(0).get("ip").asText()).isNotEmpty();

      assertThat(Http.get(driver.base() + query, server.userToken("zed")).body().get("events")).isEmpty();
      // the owner's own successful registration is there as before
      assertThat(Http.get(driver.base() + "/api/devices/audit?kind=device.register&outcome=success", jwt).body()
          .get("events")).extracting(e -> e.get("actor").asText()).containsOnly("xena");
    }
  }

  @Test
  void registrationHandshakeDeadlinesAndBadTokens() {
    WsProbe bad = WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/api/devices/ws?token=nope");
    assertThat(bad.awaitClose()).isEqualTo(1008);
    assertThat(bad.closeReason()).isEqualTo("Invalid token");
    WsProbe mute = driver.connect(jwt);
    assertThat(mute.awaitClose()).isEqualTo(1008);
    assertThat(mute.closeReason()).isEqualTo("Registration timeout");
  }

  private void awaitOffline(String deviceId) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        !Http.get(driver.base() + "/api/devices/" + deviceId, jwt).body().path("online").asBoolean());
  }
}
