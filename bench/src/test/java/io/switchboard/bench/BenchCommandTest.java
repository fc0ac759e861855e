package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.server.SwitchboardServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  void runsCommandsAgainstARunningSwitchboardGivenBothListeners() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Map<String, String> config = new HashMap<>(Target.SWITCHBOARD_BENCH_CONFIG);
    config.putAll(Map.of(Keys.DATA_DIR, data.toString(), Keys.HTTP_PORT, "0", Keys.PAIRING_PORT, "0"));
    SwitchboardServer server = SwitchboardServer.start(Config.defaults().with(config));
    try {
      Path json = dir.resolve("commands.json");
      int code = new CommandLine(new BenchCommand()).execute("commands",
          "--url", "http://127.0.0.1:" + server.pairingPort(), "--main-url", "http://127.0.0.1:" + server.httpPort(),
          "--data-dir", data.toString(), "--devices", "3", "--in-flight", "2", "--duration", "1", "--warmup", "0",
          "--quiet", "--json", json.toString());
      assertThat(code).isZero();
      JsonNode first = Json.MAPPER.readTree(Files.readString(json)).path("results").get(0);
      assertThat(first.path("step").asText()).isEqualTo("in_flight=2");
      assertThat(first.path("values").path("calls_per_s").asDouble()).isPositive();
      assertThat(first.path("values").path("errors").asLong()).isZero();
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void withoutTheMainListenerCommandsAreReportedUnsupported() throws Exception {
    Path json = dir.resolve("unsupported.json");
    int code = new CommandLine(new BenchCommand()).execute("commands", "--target",
        "switchboard=http://127.0.0.1:1", "--data-dir", dir.toString(), "--quiet", "--json", json.toString());
    assertThat(code).isZero();
    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    assertThat(report.path("results").get(0).path("step").asText()).isEqualTo("unsupported");
    assertThat(report.path("notes").toString()).contains("--main-url");
  }

  @Test
  void fanOutSwitchboardsGetRoomForThePublisherAndEveryMemberUnlessSetExplicitly() {
    BenchCommand cmd = new BenchCommand();
    new CommandLine(cmd).parseArgs("fan-out", "relay", "--members", "50");
    assertThat(cmd.serverConfig("fan-out")).containsEntry(Keys.PAIRING_MAX_DEVICES, "51");
    assertThat(cmd.serverConfig("relay")).doesNotContainKey(Keys.PAIRING_MAX_DEVICES);

    BenchCommand set = new BenchCommand();
    new CommandLine(set).parseArgs("fan-out", "--members", "50", "-s", Keys.PAIRING_MAX_DEVICES + "=9");
    assertThat(set.serverConfig("fan-out")).containsEntry(Keys.PAIRING_MAX_DEVICES, "9");
  }

  @Test
  void interleaveRunsTheRelayOnEveryTargetStepByStep() throws Exception {
    Path json = dir.resolve("interleaved.json");
    int code = new CommandLine(new BenchCommand()).execute("relay", "--interleave", "--target", "inproc-bare",
        "--target", "inproc-bare-netty", "--pairs", "2", "--rate", "100", "--duration", "0.5", "--warmup", "0",
        "--find-max", "--max-steps", "2", "--p99-limit", "1000", "--quiet", "--json", json.toString());
    assertThat(code).isZero();
    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    List<String> order = new ArrayList<>();
    report.path("results").forEach(r -> order.add(r.path("target").asText() + " " + r.path("step").asText()));
    assertThat(order).containsExactly("inproc-bare rate=100", "inproc-bare-netty rate=100",
        "inproc-bare rate=125", "inproc-bare-netty rate=125", "inproc-bare summary", "inproc-bare-netty summary");
    assertThat(report.path("options").path("interleave").asBoolean()).isTrue();
    assertThat(report.path("notes").toString()).contains("interleaved");
  }

  @Test
  void repeatWithoutTheSearchRepeatsTheFixedRateStep() throws Exception {
    Path json = dir.resolve("repeated.json");
    int code = new CommandLine(new BenchCommand()).execute("relay", "--target", "inproc-bare", "--pairs", "2",
        "--rate", "100", "--duration", "0.5", "--warmup", "0", "--repeat", "2", "--quiet", "--json", json.toString());
    assertThat(code).isZero();
    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    List<String> steps = new ArrayList<>();
    report.path("results").forEach(r -> steps.add(r.path("step").asText()));
    assertThat(steps).containsExactly("run=1 rate=100", "run=2 rate=100", "summary");
    JsonNode summary = report.path("results").get(2).path("values");
    assertThat(summary.path("runs").asInt()).isEqualTo(2);
    assertThat(summary.path("max_rate_held").isNull()).isTrue();
    assertThat(summary.has("max_rate_held_runs")).isFalse();
    // the summary's p99 is one of the two steps' (the lower middle of two)
    double a = report.path("results").get(0).path("values").path("p99_ms").asDouble();
    double b = report.path("results").get(1).path("values").path("p99_ms").asDouble();
    assertThat(summary.path("p99_ms").asDouble()).isEqualTo(Math.min(a, b));
  }

  @Test
  void refusesARepeatBelowOne() {
    int code = new CommandLine(new BenchCommand()).execute("relay", "--target", "inproc-bare", "--repeat", "0",
        "--quiet");
    assertThat(code).isNotZero();
  }

  @Test
  void refusesTargetsOffThisMachine() {
    int code = new CommandLine(new BenchCommand()).execute("echo", "--target", "node-ws=ws://192.0.2.1:9000/ws",
        "--quiet");
    assertThat(code).isNotZero();
    StringWriter err = new StringWriter();
    code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err)).execute("commands",
        "--url", "http://127.0.0.1:8089", "--main-url", "http://192.0.2.1:8000", "--quiet");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("not a loopback address");
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
