package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REST → device → result for every command in the seed, with the seed's response shapes. */
class DeviceCommandsTest {
  @TempDir
  static Path dataDir;
  static TestServer server;
  static DeviceDriver driver;
  static String jwt;
  static WsProbe device;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    driver = new DeviceDriver(server);
    jwt = server.userToken("victor");
    device = driver.device(jwt, "mobile_device_001", DeviceDriver.ALL_CAPABILITIES);
  }

  @AfterAll
  static void stop() {
    device.close();
    server.close();
  }

  /** Calls the REST endpoint, answers the command on the device with {@code data}, returns the REST reply. */
  private static Http.Reply roundTrip(String path, ObjectNode body, String expectedCommand, JsonNode data,
      String filePath) {
    CompletableFuture<Http.Reply> reply = driver.call(path, jwt, body.put("device_node_id", "mobile_device_001"));
    JsonNode command = device.await("command");
    assertThat(command.get("command").asText()).isEqualTo(expectedCommand);
    assertThat(command.get("timestamp").asText()).endsWith("Z");
    ObjectNode result = DeviceDriver.result(command, true, data);
    if (filePath != null) {
      result.put("file_path", filePath);
    }
    device.send(result);
    Http.Reply r = reply.join();
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isTrue();
    assertThat(r.body().get("command_id").asText()).isEqualTo(command.get("command_id").asText());
    return r;
  }

  @Test
  void cameraSnap() {
    Http.Reply r = roundTrip("/api/devices/camera/snap", Json.object().put("camera_id", "default")
        .put("resolution", "1920x1080").put("save_path", "/tmp/photo.jpg"), "camera_snap",
        Json.object().put("base64_data", "data:image/jpeg;base64,/9j/4AAQ"), "/tmp/photo.jpg");
    assertThat(r.body().get("file_path").asText()).isEqualTo("/tmp/photo.jpg");
    assertThat(r.body().get("base64_data").asText()).startsWith("data:image/jpeg;base64,");
    assertThat(r.body().get("resolution").asText()).isEqualTo("1920x1080");
    assertThat(r.body().get("captured_at").asText()).endsWith("Z");
  }

  @Test
  void aFullSizeCameraImageFitsInOneResult() {
    String image = "data:image/jpeg;base64," + "A".repeat(300_000);
    Http.Reply r = roundTrip("/api/devices/camera/snap", Json.object(), "camera_snap",
        Json.object().put("base64_data", image), null);
    assertThat(r.body().get("base64_data").asText()).hasSize(image.length());
  }

  @Test
  void location() {
    Http.Reply r = roundTrip("/api/devices/location", Json.object().put("accuracy", "high"), "get_location",
        Json.object().put("latitude", 37.7749).put("longitude", -122.4194).put("accuracy", "high"), null);
    assertThat(r.body().get("latitude").asDouble()).isEqualTo(37.7749);
    assertThat(r.body().get("longitude").asDouble()).isEqualTo(-122.4194);
    assertThat(r.body().get("accuracy").asText()).isEqualTo("high");
    assertThat(r.body().has("altitude")).isTrue();
    assertThat(r.body().get("timestamp").asText()).endsWith("Z");
  }

  @Test
  void notification() {
    Http.Reply r = roundTrip("/api/devices/notification", Json.object().put("title", "Test Notification")
        .put("body", "This is a test notification"), "send_notification", Json.object(), null);
    assertThat(r.body().get("device_node_id").asText()).isEqualTo("mobile_device_001");
    assertThat(r.body().get("title").asText()).isEqualTo("Test Notification");
    assertThat(r.body().get("body").asText()).isEqualTo("This is a test notification");
    assertThat(r.body().get("sent_at").asText()).endsWith("Z");
  }

  @Test
  void screenRecordStartAndStop() {
    Http.Reply start = roundTrip("/api/devices/screen/record/start", Json.object().put("duration_seconds", 10),
        "screen_record_start", Json.object().put("recording_id", "rec-1").put("started_at", "2026-02-01T12:00:00Z"),
        null);
    assertThat(start.body().get("recording_id").asText()).isEqualTo("rec-1");
    Http.Reply stop = roundTrip("/api/devices/screen/record/stop", Json.object().put("recording_id", "rec-1"),
        "screen_record_stop", Json.object().put("recording_id", "rec-1").put("duration_seconds", 10),
        "/tmp/rec-1.mp4");
    assertThat(stop.body().get("file_path").asText()).isEqualTo("/tmp/rec-1.mp4");
    assertThat(stop.body().get("duration_seconds").asInt()).isEqualTo(10);
  }

  @Test
  void execute() {
    CompletableFuture<Http.Reply> reply = driver.call("/api/devices/execute", jwt, Json.object()
        .put("device_node_id", "mobile_device_001").put("command", "ls -la").put("working_dir", "/home/user")
        .put("timeout_seconds", 30));
    JsonNode command = device.await("command");
    assertThat(command.get("params").get("command").asText()).isEqualTo("ls -la");
    assertThat(command.get("params").get("working_dir").asText()).isEqualTo("/home/user");
    device.send(DeviceDriver.result(command, true, Json.object().put("exit_code", 0).put("stdout", "total 0\n")
        .put("stderr", "")));
    Http.Reply r = reply.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("exit_code").asInt()).isZero();
    assertThat(r.body().get("stdout").asText()).isEqualTo("total 0\n");
  }

  @Test
  void deviceReportedFailureIsAFailedCommand() {
    CompletableFuture<Http.Reply> reply = driver.call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "mobile_device_001"));
    JsonNode command = device.await("command");
    device.send(DeviceDriver.result(command, false, null).put("error", "Location permission denied"));
    Http.Reply r = reply.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isFalse();
    assertThat(r.body().get("status").asText()).isEqualTo("FAILED");
    assertThat(r.body().get("error").asText()).isEqualTo("Location permission denied");
    // a second result, with data this time: the failure stands, nothing is added
    device.send(DeviceDriver.result(command, true, Json.object().put("latitude", 5.0)));
    roundTrip("/api/devices/location", Json.object(), "get_location", Json.object().put("latitude", 6.0), null);
    Http.Reply stored = Http.get(driver.base() + "/api/devices/commands/" + command.get("command_id").asText(), jwt);
    assertThat(stored.body().get("status").asText()).isEqualTo("FAILED");
    assertThat(stored.body().get("success").asBoolean()).isFalse();
    assertThat(stored.body().get("late_result").asBoolean()).isFalse();
    assertThat(stored.body().has("data")).isFalse();
    assertThat(stored.body().get("transitions")).extracting(t -> t.get("status").asText())
        .containsExactly("QUEUED", "SENT", "FAILED");
  }

  @Test
  void aResultCountsOnlyFromTheCommandsOwnDeviceAndOnlyOnce() {
    CompletableFuture<Http.Reply> reply = driver.call("/api/devices/location", jwt,
        Json.object().put("device_node_id", "mobile_device_001"));
    JsonNode command = device.await("command");
    String id = command.get("command_id").asText();
    try (WsProbe other = driver.device(jwt, "mobile_device_002", List.of("location"))) {
      other.send(DeviceDriver.result(command, true, Json.object().put("latitude", 1.0)));
      assertThat(other.awaitError("UNKNOWN_COMMAND").path("details").path("command_id").asText()).isEqualTo(id);
      other.send(Json.object().put("type", "result").put("command_id", "no-such-command").put("success", true));
      other.awaitError("UNKNOWN_COMMAND");
    }
    device.send(DeviceDriver.result(command, true, Json.object().put("latitude", 2.0)));
    assertThat(reply.join().body().get("latitude").asDouble()).isEqualTo(2.0);
    device.send(DeviceDriver.result(command, false, Json.object().put("latitude", 3.0)));
    // a round trip after it: the second result was handled before (the device's frames go in order)
    roundTrip("/api/devices/location", Json.object(), "get_location", Json.object().put("latitude", 4.0), null);
    Http.Reply stored = Http.get(driver.base() + "/api/devices/commands/" + id, jwt);
    assertThat(stored.body().get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(stored.body().path("data").path("latitude").asDouble()).isEqualTo(2.0);
    assertThat(stored.body().get("late_result").asBoolean()).isFalse();
    assertThat(stored.body().get("transitions")).extracting(t -> t.get("status").asText())
        .containsExactly("QUEUED", "SENT", "SUCCEEDED");
  }

  @Test
  void registryListsTheDeviceOnline() {
    Http.Reply list = Http.get(driver.base() + "/api/devices", jwt);
    assertThat(list.status()).isEqualTo(200);
    JsonNode d = list.body().get("devices").get(0);
    assertThat(d.get("device_node_id").asText()).isEqualTo("mobile_device_001");
    assertThat(d.get("online").asBoolean()).isTrue();
    assertThat(d.get("platform").asText()).isEqualTo("ios");
    assertThat(d.get("capabilities")).hasSize(DeviceDriver.ALL_CAPABILITIES.size());
    assertThat(Http.get(driver.base() + "/api/devices/mobile_device_001", jwt).status()).isEqualTo(200);
    assertThat(Http.get(driver.base() + "/api/devices/mobile_device_001", server.userToken("wendy")).status())
        .isEqualTo(404);
    device.send("{\"type\":\"heartbeat\"}");
    assertThat(device.await("heartbeat_ack").get("timestamp").asText()).endsWith("Z");
    List.of().size();
  }
}
