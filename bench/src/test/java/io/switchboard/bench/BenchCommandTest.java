package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void runsAScenarioFromTheCommandLineAndWritesTheJsonReport() throws Exception {
    Path json = dir.resolve("report.json");
    int code = new CommandLine(new BenchCommand()).execute("echo", "--target", "inproc-bare", "--duration", "1",
        "--warmup", "0", "--connections", "2", "--in-flight", "2", "--quiet", "--json", json.toString());
    assertThat(code).isZero();
    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    assertThat(report.path("machine").path("cores").asInt()).isPositive();
    JsonNode first = report.path("results").get(0);
    assertThat(first.path("scenario").asText()).isEqualTo("echo");
    assertThat(first.path("values").path("msgs_per_s").asDouble()).isPositive();
  }

  @Test
  void refusesTargetsOffThisMachine() {
    int code = new CommandLine(new BenchCommand()).execute("echo", "--target", "node-ws=ws://192.0.2.1:9000/ws",
        "--quiet");
    assertThat(code).isNotZero();
  }

  @Test
  void readsFieldsOutOfFramesWithoutParsing() {
    String frame = "{\"type\":\"channel_message\",\"channelId\":\"c\",\"payload\":{\"t\":12345,\"i\":7},\"seq\":3}";
    assertThat(Frames.string(frame, "type")).isEqualTo("channel_message");
    assertThat(Frames.number(frame, "t", -1)).isEqualTo(12345);
    assertThat(Frames.number(frame, "i", -1)).isEqualTo(7);
    assertThat(Frames.number("{\"type\": \"pong\", \"sequence\": 42}", "sequence", -1)).isEqualTo(42);
    assertThat(Frames.number(frame, "missing", -1)).isEqualTo(-1);
    assertThat(Codec.SOCKET_IO.type("42[\"pong\",{\"sequence\":1}]")).isEqualTo("pong");
    assertThat(Codec.SOCKET_IO.frame("ping", "\"sequence\":1")).isEqualTo("42[\"ping\",{\"sequence\":1}]");
  }
}
