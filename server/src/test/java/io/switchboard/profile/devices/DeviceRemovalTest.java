package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.core.broker.Delivery;
import io.switchboard.protocol.Json;
import io.switchboard.store.Database;
import io.switchboard.store.JdbcDeviceRepository;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE /api/devices/{id}: an owner removes a device from the registry. */
class DeviceRemovalTest {
  @TempDir
  Path dataDir;
  private TestServer server;
  private DeviceDriver driver;
  private String jwt;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.DEVICES_MAX_PER_USER, "2"));
    driver = new DeviceDriver(server);
    jwt = server.userToken("rhea");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Http.Reply remove(String deviceId, String bearer) {
    return Http.delete(driver.base() + "/api/devices/" + deviceId, bearer);
  }

  @Test
  void removingADeviceFreesItsPlaceUnderTheLimit() {
    driver.device(jwt, "old-phone", List.of("location")).close();
    driver.device(jwt, "old-tablet", List.of("location")).close();
    try (WsProbe refused = driver.connect(jwt)) {
      refused.send(DeviceDriver.register("new-phone", List.of("location")));
      refused.awaitError("DEVICE_LIMIT_REACHED");
    }

    Http.Reply r = remove("old-phone", jwt);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isTrue();
    assertThat(r.body().get("device_node_id").asText()).isEqualTo("old-phone");
    assertThat(r.body().get("canceled_commands").asInt()).isZero();
    assertThat(Http.get(driver.base() + "/api/devices/old-phone", jwt).status()).isEqualTo(404);
    assertThat(Http.get(driver.base() + "/api/devices", jwt).body().get("devices"))
        .extracting(d -> d.get("device_node_id").asText()).containsExactly("old-tablet");

    try (WsProbe fresh = driver.device(jwt, "new-phone", List.of("location"))) {
      assertThat(Http.get(driver.base() + "/api/devices/new-phone", jwt).body().get("online").asBoolean()).isTrue();
    }
    // removed once: a second removal finds nothing
    assertThat(remove("old-phone", jwt).status()).isEqualTo(404);
  }

  @Test
  void aConnectedDeviceIsToldAndClosedAndTakesNoMoreCommands() {
    try (WsProbe device = driver.device(jwt, "desk-lamp", List.of("location"))) {
      assertThat(remove("desk-lamp", jwt).status()).isEqualTo(200);
      JsonNode told = device.awaitError("DEVICE_REMOVED");
      assertThat(told.get("details").get("device_node_id").asText()).isEqualTo("desk-lamp");
      assertThat(device.awaitClose()).isEqualTo(1008);
      assertThat(device.closeReason()).isEqualTo("Device removed");
    }
    Http.Reply call = driver.call("/api/devices/location", jwt, Json.object().put("device_node_id", "desk-lamp")).join();
    assertThat(call.status()).isEqualTo(404);
    assertThat(call.body().get("error").asText()).isEqualTo("DEVICE_NOT_FOUND");
  }

  @Test
  void itsQueuedCommandsAreCanceledAndItsFinishedOnesKept() {
    String done;
    try (WsProbe device = driver.device(jwt, "garage", List.of("location", "notification"))) {
      var call = driver.call("/api/devices/location", jwt, Json.object().put("device_node_id", "garage"));
      JsonNode command = device.await("command");
      done = command.get("command_id").asText();
      device.send(DeviceDriver.result(command, true, Json.object().put("latitude", 1.0)));
      assertThat(call.join().status()).isEqualTo(200);
    }
    awaitOffline(driver, jwt, "garage");
    List<String> queued = List.of(queue("garage"), queue("garage"));

    Http.Reply r = remove("garage", jwt);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("canceled_commands").asInt()).isEqualTo(2);
    for (String id : queued) {
      JsonNode c = Http.get(driver.base() + "/api/devices/commands/" + id, jwt).body();
      assertThat(c.get("status").asText()).isEqualTo("CANCELED");
      assertThat(c.get("transitions")).extracting(t -> t.get("status").asText()).containsExactly("QUEUED", "CANCELED");
      assertThat(c.get("transitions").get(1).get("note").asText()).isEqualTo("canceled: device removed");
    }
    assertThat(Http.get(driver.base() + "/api/devices/commands/" + done, jwt).body().get("status").asText())
        .isEqualTo("SUCCEEDED");
    server.server().audit().flush().toCompletionStage().toCompletableFuture().join();
    assertThat(server.server().audit().query(new AuditLog.Query("device.remove", "rhea", "success", null, 10,
        Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join())
        .anyMatch(e -> "garage".equals(e.subject()));
  }

  @Test
  void nobodyRemovesAnotherUsersDevice() {
    try (WsProbe device = driver.device(jwt, "kitchen-hub", List.of("location"))) {
      Http.Reply r = remove("kitchen-hub", server.userToken("mallory"));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body().get("error").asText()).isEqualTo("DEVICE_NOT_FOUND");
      assertThat(remove("kitchen-hub", "not-a-token").status()).isEqualTo(401);
      JsonNode d = Http.get(driver.base() + "/api/devices/kitchen-hub", jwt).body();
      assertThat(d.get("online").asBoolean()).isTrue();
      // the device is still connected and answering
      var call = driver.call("/api/devices/location", jwt, Json.object().put("device_node_id", "kitchen-hub"));
      device.send(DeviceDriver.result(device.await("command"), true, Json.object().put("latitude", 3.0)));
      assertThat(call.join().status()).isEqualTo(200);
    }
  }

  @Test
  void aRemovalNoticeClosesOnlyTheConnectionsOfTheOwnerWhoRemovedTheDevice() {
    // As when a removal's notice is late and the freed id was registered by another user meanwhile.
    try (WsProbe sams = driver.device(server.userToken("sam"), "shared-id", List.of("location"))) {
      server.server().hub().broker().publish(DeviceSocket.topic("shared-id"),
          Delivery.text(DeviceSocket.removed("rhea"), null)).toCompletionStage().toCompletableFuture().join();
      sams.send("{\"type\":\"heartbeat\"}");
      sams.await("heartbeat_ack");
      assertThat(sams.seen()).noneMatch(m -> "DEVICE_REMOVED".equals(m.path("code").asText()));

      server.server().hub().broker().publish(DeviceSocket.topic("shared-id"),
          Delivery.text(DeviceSocket.removed("sam"), null)).toCompletionStage().toCompletableFuture().join();
      sams.awaitError("DEVICE_REMOVED");
      assertThat(sams.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void aFreedIdTakenByAnotherUserNeverGetsThePreviousOwnersQueuedCommands(@TempDir Path ownDir) {
    String stale;
    try (TestServer first = TestServer.start(ownDir)) {
      DeviceDriver d = new DeviceDriver(first);
      String rhea = first.userToken("rhea");
      registeredThenOffline(d, rhea, "hand-me-down");
      stale = queued(d, rhea, "hand-me-down", "for rhea");
    }
    // The row goes but the queue is not canceled, as when the store fails between the two steps.
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.open(vertx, Config.builder().set(Keys.DATA_DIR, ownDir.toString()).build())) {
      assertThat(new JdbcDeviceRepository(db).remove("hand-me-down", "rhea").toCompletionStage().toCompletableFuture()
          .join()).isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    try (TestServer second = TestServer.start(ownDir)) {
      DeviceDriver d = new DeviceDriver(second);
      String sam = second.userToken("sam");
      registeredThenOffline(d, sam, "hand-me-down");
      String own = queued(d, sam, "hand-me-down", "for sam");
      try (WsProbe device = d.device(sam, "hand-me-down", List.of("notification"))) {
        // The queue is sent oldest first in one round: rhea's older command would come first.
        JsonNode first = device.await("command");
        assertThat(first.get("command_id").asText()).isEqualTo(own);
        device.send(DeviceDriver.result(first, true, Json.object()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
            Http.get(d.base() + "/api/devices/commands/" + own, sam).body().path("status").asText().equals("SUCCEEDED"));
        assertThat(device.seen()).noneMatch(m -> stale.equals(m.path("command_id").asText()));
      }
      assertThat(Http.get(d.base() + "/api/devices/commands/" + stale, second.userToken("rhea")).body()
          .get("status").asText()).isEqualTo("QUEUED");
    }
  }

  /** Registers a device with notifications and waits until its connection is gone. */
  private static void registeredThenOffline(DeviceDriver d, String bearer, String deviceId) {
    d.device(bearer, deviceId, List.of("notification")).close();
    awaitOffline(d, bearer, deviceId);
  }

  private static void awaitOffline(DeviceDriver d, String bearer, String deviceId) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        !Http.get(d.base() + "/api/devices/" + deviceId, bearer).body().path("online").asBoolean());
  }

  private static String queued(DeviceDriver d, String bearer, String deviceId, String title) {
    Http.Reply r = d.call("/api/devices/notification", bearer, Json.object().put("device_node_id", deviceId)
        .put("title", title).put("body", "b").put("queue_if_offline", true)).join();
    assertThat(r.status()).isEqualTo(202);
    return r.body().get("command_id").asText();
  }

  private String queue(String deviceId) {
    return queued(driver, jwt, deviceId, "t");
  }
}
