package io.switchboard.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.cli.Main;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `switchboard simulate device` answers REST commands with plausible data, over real sockets. */
class SimulateDeviceTest {
  @TempDir
  Path dataDir;

  @Test
  void simulatedDeviceAnswersCameraLocationAndExecute() throws Exception {
    try (TestServer s = TestServer.start(dataDir)) {
      String jwt = s.userToken("sim-owner");
      StringWriter out = new StringWriter();
      CompletableFuture<Integer> sim = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
          new PrintWriter(new StringWriter(), true), "simulate", "device", "--id", "sim-1", "--token", jwt,
          "--url", "ws://127.0.0.1:" + s.httpPort() + "/api/devices/ws", "--count", "3"));
      String base = "http://127.0.0.1:" + s.httpPort();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
          Http.get(base + "/api/devices/sim-1", jwt).body().path("online").asBoolean());

      JsonNode snap = Http.postAsync(base + "/api/devices/camera/snap", jwt,
          Json.write(Json.object().put("device_node_id", "sim-1").put("resolution", "1280x720"))).join().body();
      assertThat(snap.get("success").asBoolean()).as(snap.toString()).isTrue();
      String data = snap.get("base64_data").asText();
      assertThat(data).startsWith("data:image/jpeg;base64,");
      byte[] jpeg = Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1));
      assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
      assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(image.getWidth()).isPositive();
      assertThat(snap.get("resolution").asText()).isEqualTo("1280x720");
      assertThat(snap.get("file_path").asText()).endsWith(".jpg");

      JsonNode loc = Http.postAsync(base + "/api/devices/location", jwt,
          Json.write(Json.object().put("device_node_id", "sim-1"))).join().body();
      assertThat(loc.get("latitude").asDouble()).isBetween(-90.0, 90.0);
      assertThat(loc.get("longitude").asDouble()).isBetween(-180.0, 180.0);

      JsonNode exec = Http.postAsync(base + "/api/devices/execute", jwt,
          Json.write(Json.object().put("device_node_id", "sim-1").put("command", "echo hello"))).join().body();
      assertThat(exec.get("exit_code").asInt()).isZero();
      assertThat(exec.get("stdout").asText()).isEqualTo("hello\n");

      assertThat(sim.get(20, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("registered sim-1").contains("camera_snap").contains("execute_command");
    }
  }
}
