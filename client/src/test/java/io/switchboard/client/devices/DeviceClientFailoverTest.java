package io.switchboard.client.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionState;
import io.switchboard.protocol.Json;
import io.switchboard.testing.AuditRows;
import io.switchboard.testing.Cluster;
import io.switchboard.testing.Http;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster acceptance for devices: node A is killed, its device (a {@link DeviceClient} that knows
 * the URLs of nodes A, B and C) moves to B by itself, the commands queued on node C while it moved are
 * delivered in order, and no acknowledged command and no audit row is lost.
 */
class DeviceClientFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<String> CAPS = List.of("location", "notification");

  @TempDir
  Path root;

  @Test
  void aKilledNodesDeviceMovesToALiveNodeAndGetsEveryAcknowledgedCommandInOrder() throws Exception {
    try (Cluster cluster = Cluster.start(root, 3, Map.of())) {
      TestServer a = cluster.node(0);
      TestServer b = cluster.node(1);
      TestServer c = cluster.node(2);
      String jwt = c.userToken("amy");
      // The user JWT is asked for before every attempt: holding it back keeps the device between nodes.
      AtomicReference<CompletableFuture<String>> token = new AtomicReference<>(CompletableFuture.completedFuture(jwt));
      DeviceOptions options = DeviceOptions.of(devicesWs(a), () -> token.get(), "phone",
              new DeviceInfo("Phone", "mobile", "android", "14", "arm64", CAPS))
          .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Backoff.FOREVER))
          .withAlternateUrl(devicesWs(b))
          .withAlternateUrl(devicesWs(c));
      DeviceClient phone = DeviceClient.create(options);
      List<String> notified = new CopyOnWriteArrayList<>();
      phone.onCommand("get_location", cmd -> CompletableFuture.completedFuture(
          CommandResult.ok(Json.object().put("latitude", 48.85).put("longitude", 2.35))));
      phone.onCommand("send_notification", cmd -> {
        notified.add(cmd.id());
        return CompletableFuture.completedFuture(CommandResult.ok(Json.object().put("delivered", true)));
      });
      phone.connect().get(10, TimeUnit.SECONDS);
      assertThat(deviceSockets(a)).isEqualTo(1);

      Http.Reply located = Http.post(base(c) + "/api/devices/location", jwt,
          Json.write(Json.object().put("device_node_id", "phone")));
      assertThat(located.status()).isEqualTo(200);
      assertThat(located.body().get("latitude").asDouble()).isEqualTo(48.85);

      CompletableFuture<String> held = new CompletableFuture<>();
      token.set(held);
      a.halt();
      await().atMost(WAIT).until(() -> phone.state() != ConnectionState.CONNECTED);

      // While the device moves, every call with queue_if_offline is acknowledged 202 QUEUED: the first
      // through node A's stale listing (nobody received it, so it is queued again), the others offline.
      List<String> queued = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Http.Reply r = Http.post(base(c) + "/api/devices/notification", jwt, Json.write(Json.object()
            .put("device_node_id", "phone").put("title", "while moving " + i).put("body", "-")
            .put("queue_if_offline", true)));
        assertThat(r.status()).as("reply %s: %s", i, r.body()).isEqualTo(202);
        assertThat(r.body().get("status").asText()).isEqualTo("QUEUED");
        queued.add(r.body().get("command_id").asText());
      }
      held.complete(jwt);

      await().atMost(WAIT).until(() -> phone.state() == ConnectionState.CONNECTED);
      assertThat(deviceSockets(b)).as("the attempt after node A goes to node B").isEqualTo(1);
      await().atMost(WAIT).until(() -> notified.size() >= queued.size());
      assertThat(notified).containsExactlyElementsOf(queued);
      for (String id : queued) {
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(command(b, jwt, id).path("status").asText()));
        assertThat(command(c, jwt, id).get("status").asText()).isEqualTo("SUCCEEDED");
      }
      // Reachable through its new node from any node.
      Http.Reply after = Http.post(base(c) + "/api/devices/location", jwt,
          Json.write(Json.object().put("device_node_id", "phone")));
      assertThat(after.status()).isEqualTo(200);
      assertThat(command(b, jwt, id(located)).get("status").asText()).isEqualTo("SUCCEEDED");

      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(AuditRows.commandOutcomes(cluster.storeUrl(), id(located))).containsExactly("SUCCEEDED");
        assertThat(AuditRows.commandOutcomes(cluster.storeUrl(), id(after))).containsExactly("SUCCEEDED");
        for (String id : queued) {
          assertThat(AuditRows.commandOutcomes(cluster.storeUrl(), id)).as(id).containsExactly("QUEUED", "SUCCEEDED");
        }
      });
      phone.close().get(10, TimeUnit.SECONDS);
    }
  }

  private static String devicesWs(TestServer s) {
    return "ws://127.0.0.1:" + s.httpPort() + "/api/devices/ws";
  }

  private static String base(TestServer s) {
    return "http://127.0.0.1:" + s.httpPort();
  }

  private static int deviceSockets(TestServer s) {
    return (int) s.server().hub().connections().all().stream().filter(c -> "devices".equals(c.profile())).count();
  }

  private static JsonNode command(TestServer s, String jwt, String id) {
    return Http.get(base(s) + "/api/devices/commands/" + id, jwt).body();
  }

  private static String id(Http.Reply r) {
    return r.body().get("command_id").asText();
  }
}
