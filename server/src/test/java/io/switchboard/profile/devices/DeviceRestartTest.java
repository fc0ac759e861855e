package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart keeps the registry, the commands and the audit trail; an in-flight command ends in a stated status. */
class DeviceRestartTest {
  @TempDir
  Path dataDir;

  @Test
  void restartKeepsRegistryCommandsAndAuditAndEndsInFlightCommands() throws Exception {
    String inFlight;
    String queued;
    String done;
    String jwt;
    try (TestServer first = TestServer.start(dataDir)) {
      DeviceDriver driver = new DeviceDriver(first);
      jwt = first.userToken("amy");
      WsProbe device = driver.device(jwt, "keeper", List.of("location", "notification"));
      CompletableFuture<Http.Reply> ok = driver.call("/api/devices/location", jwt,
          Json.object().put("device_node_id", "keeper"));
      JsonNode c1 = device.await("command");
      device.send(DeviceDriver.result(c1, true, Json.object().put("latitude", 1).put("longitude", 2)));
      done = ok.join().body().get("command_id").asText();

      CompletableFuture<Http.Reply> hanging = driver.call("/api/devices/location", jwt,
          Json.object().put("device_node_id", "keeper").put("timeout_seconds", 120));
      inFlight = device.await("command").get("command_id").asText();
      device.close();
      org.awaitility.Awaitility.await().until(() ->
          !Http.get(driver.base() + "/api/devices/keeper", jwt).body().path("online").asBoolean());
      queued = driver.call("/api/devices/notification", jwt, Json.object().put("device_node_id", "keeper")
          .put("title", "after").put("body", "restart").put("queue_if_offline", true)).join()
          .body().get("command_id").asText();
      first.close();
      Http.Reply interrupted = hanging.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(interrupted.status()).isEqualTo(503);
      assertThat(interrupted.body().get("command_id").asText()).isEqualTo(inFlight);
    }
    try (TestServer second = TestServer.start(dataDir)) {
      DeviceDriver driver = new DeviceDriver(second);
      String base = driver.base() + "/api/devices/commands/";
      JsonNode device = Http.get(driver.base() + "/api/devices/keeper", jwt).body();
      assertThat(device.get("capabilities")).hasSize(2);
      assertThat(device.get("online").asBoolean()).isFalse();
      assertThat(Http.get(base + done, jwt).body().get("status").asText()).isEqualTo("SUCCEEDED");
      JsonNode ended = Http.get(base + inFlight, jwt).body();
      assertThat(ended.get("status").asText()).isEqualTo("TIMED_OUT");
      assertThat(ended.get("error").asText()).contains("restarted");
      assertThat(Http.get(base + queued, jwt).body().get("status").asText()).isEqualTo("QUEUED");
      assertThat(Http.get(driver.base() + "/api/devices/audit?kind=device.command", jwt).body().get("count").asInt())
          .isGreaterThanOrEqualTo(2);

      try (WsProbe back = driver.device(jwt, "keeper", List.of("location", "notification"))) {
        JsonNode cmd = back.await("command");
        assertThat(cmd.get("command_id").asText()).isEqualTo(queued);
        back.send(DeviceDriver.result(cmd, true, Json.object()));
        org.awaitility.Awaitility.await().until(() ->
            Http.get(base + queued, jwt).body().path("status").asText().equals("SUCCEEDED"));
      }
    }
  }
}
