package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every maturity level against every command, as PROTOCOLS §6's table says; every denial audited. */
class GovernanceTableTest {
  /** Command path, body fields, and the minimum maturity from the contract. */
  private record Row(String path, ObjectNode body, Maturity minimum) {}

  private static final List<Row> TABLE = List.of(
      new Row("/api/devices/camera/snap", Json.object(), Maturity.INTERN),
      new Row("/api/devices/location", Json.object(), Maturity.INTERN),
      new Row("/api/devices/notification", Json.object().put("title", "t").put("body", "b"), Maturity.INTERN),
      new Row("/api/devices/screen/record/start", Json.object(), Maturity.SUPERVISED),
      new Row("/api/devices/screen/record/stop", Json.object(), Maturity.SUPERVISED),
      new Row("/api/devices/execute", Json.object().put("command", "ls -la"), Maturity.AUTONOMOUS));

  @TempDir
  static Path dataDir;
  static TestServer server;
  static DeviceDriver driver;
  static String jwt;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    driver = new DeviceDriver(server);
    jwt = server.userToken("zoe");
    for (Maturity m : Maturity.values()) {
      server.server().agents().create(new Agent("agent-" + m, m.name() + " bot", m, Instant.now(), Instant.now()))
          .toCompletionStage().toCompletableFuture().join();
    }
    // A registered device that is offline: an allowed command is queued (202), a denied one refused (403).
    driver.device(jwt, "gov-device", DeviceDriver.ALL_CAPABILITIES).close();
    org.awaitility.Awaitility.await().until(() ->
        !Http.get(driver.base() + "/api/devices/gov-device", jwt).body().path("online").asBoolean());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyLevelAgainstEveryCommand() {
    for (Row row : TABLE) {
      for (Maturity level : Maturity.values()) {
        ObjectNode body = row.body().deepCopy().put("device_node_id", "gov-device").put("agent_id", "agent-" + level)
            .put("queue_if_offline", true);
        Http.Reply r = driver.call(row.path(), jwt, body).join();
        boolean allowed = level.compareTo(row.minimum()) >= 0;
        assertThat(r.status()).as("%s as %s: %s", row.path(), level, r.body()).isEqualTo(allowed ? 202 : 403);
        if (!allowed) {
          assertThat(r.body().get("error").asText()).isEqualTo("GOVERNANCE_DENIED");
          assertThat(r.body().get("details").get("required").asText()).isEqualTo(row.minimum().name());
          assertThat(r.body().get("details").get("actual").asText()).isEqualTo(level.name());
          assertThat(r.body().get("status").asText()).isEqualTo("REJECTED");
        }
      }
    }
    server.server().audit().flush().toCompletionStage().toCompletableFuture().join();
    List<AuditEvent> denials = server.server().audit().query(new AuditLog.Query("device.denied", "zoe", null, null,
        1000, Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join()
        .stream().filter(e -> e.detail().contains("\"code\":\"GOVERNANCE_DENIED\"")).toList();
    long expected = TABLE.stream().mapToLong(row -> java.util.Arrays.stream(Maturity.values())
        .filter(l -> l.compareTo(row.minimum()) < 0).count()).sum();
    assertThat(denials).hasSize((int) expected);
    for (AuditEvent e : denials) {
      JsonNode d = Json.parseOrNull(e.detail());
      assertThat(d.get("code").asText()).isEqualTo("GOVERNANCE_DENIED");
      assertThat(d.get("details").get("required").asText()).isNotEmpty();
      assertThat(d.get("details").get("actual").asText()).isNotEmpty();
    }
  }

  @Test
  void executeChecksTheProgramAllowListAndUnknownAgentsAreRefused() {
    Http.Reply r = driver.call("/api/devices/execute", jwt, Json.object().put("device_node_id", "gov-device")
        .put("agent_id", "agent-AUTONOMOUS").put("command", "rm -rf /").put("queue_if_offline", true)).join();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().get("error").asText()).isEqualTo("COMMAND_NOT_ALLOWED");
    Http.Reply chained = driver.call("/api/devices/execute", jwt, Json.object().put("device_node_id", "gov-device")
        .put("agent_id", "agent-AUTONOMOUS").put("command", "ls && rm -rf /").put("queue_if_offline", true)).join();
    assertThat(chained.status()).isEqualTo(403);
    assertThat(chained.body().get("error").asText()).isEqualTo("COMMAND_NOT_ALLOWED");
    Http.Reply stored = Http.get(driver.base() + "/api/devices/commands/" + chained.body().get("command_id").asText(),
        jwt);
    assertThat(stored.body().get("status").asText()).isEqualTo("REJECTED");
    assertThat(stored.body().get("error").asText()).isEqualTo("COMMAND_NOT_ALLOWED");
    Http.Reply unknown = driver.call("/api/devices/location", jwt, Json.object().put("device_node_id", "gov-device")
        .put("agent_id", "agent-nobody").put("queue_if_offline", true)).join();
    assertThat(unknown.status()).isEqualTo(403);
    assertThat(unknown.body().get("error").asText()).isEqualTo("AGENT_NOT_FOUND");
  }
}
