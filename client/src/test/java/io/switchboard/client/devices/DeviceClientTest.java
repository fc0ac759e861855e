package io.switchboard.client.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.ServerErrorException;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeviceClient against a real server: registration, commands, results, queued delivery after reconnect. */
class DeviceClientTest {
  @TempDir
  Path dataDir;

  private static DeviceClient device(TestServer s, String jwt, String id) {
    return DeviceClient.create(DeviceOptions.of("ws://127.0.0.1:" + s.httpPort() + "/api/devices/ws",
        () -> CompletableFuture.completedFuture(jwt), id,
        new DeviceInfo("Test phone", "mobile", "android", "14", "arm64", List.of("location", "notification"))));
  }

  @Test
  void answersCommandsOffTheEventLoopAndGetsQueuedOnesAfterReconnecting() throws Exception {
    try (TestServer s = TestServer.start(dataDir)) {
      String jwt = s.userToken("dora");
      String base = "http://127.0.0.1:" + s.httpPort();
      List<String> threads = new CopyOnWriteArrayList<>();
      DeviceClient first = device(s, jwt, "phone-1");
      first.onCommand("get_location", cmd -> {
        threads.add(Thread.currentThread().getName());
        return CompletableFuture.completedFuture(CommandResult.ok(Json.object().put("latitude", 10).put("longitude", 20)));
      });
      first.connect().get(10, TimeUnit.SECONDS);
      assertThat(first.state()).isEqualTo(ConnectionState.CONNECTED);
      JsonNode r = Http.postAsync(base + "/api/devices/location", jwt,
          Json.write(Json.object().put("device_node_id", "phone-1"))).get(10, TimeUnit.SECONDS).body();
      assertThat(r.get("latitude").asInt()).isEqualTo(10);
      assertThat(threads).noneMatch(t -> t.contains("eventloop"));

      // An unsupported command fails cleanly.
      JsonNode n = Http.postAsync(base + "/api/devices/notification", jwt, Json.write(Json.object()
          .put("device_node_id", "phone-1").put("title", "t").put("body", "b"))).get(10, TimeUnit.SECONDS).body();
      assertThat(n.get("status").asText()).isEqualTo("FAILED");
      assertThat(n.get("error").asText()).contains("unsupported command");

      first.close().get(10, TimeUnit.SECONDS);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          !Http.get(base + "/api/devices/phone-1", jwt).body().path("online").asBoolean());
      String queued = Http.post(base + "/api/devices/notification", jwt, Json.write(Json.object()
          .put("device_node_id", "phone-1").put("title", "later").put("body", "b").put("queue_if_offline", true)))
          .body().get("command_id").asText();

      DeviceClient second = device(s, jwt, "phone-1");
      CompletableFuture<DeviceCommand> got = new CompletableFuture<>();
      second.onCommand("send_notification", cmd -> {
        got.complete(cmd);
        return CompletableFuture.completedFuture(CommandResult.ok(Json.object().put("delivered", true)));
      });
      second.connect().get(10, TimeUnit.SECONDS);
      DeviceCommand cmd = got.get(10, TimeUnit.SECONDS);
      assertThat(cmd.id()).isEqualTo(queued);
      assertThat(cmd.params().get("title").asText()).isEqualTo("later");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          Http.get(base + "/api/devices/commands/" + queued, jwt).body().path("status").asText().equals("SUCCEEDED"));
      second.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeviceOfAnotherUserIsRefusedOnceAndTheClientStops() throws Exception {
    try (TestServer s = TestServer.start(dataDir)) {
      DeviceClient owner = device(s, s.userToken("olga"), "tv-1");
      owner.connect().get(10, TimeUnit.SECONDS);
      DeviceClient intruder = device(s, s.userToken("ivan"), "tv-1");
      assertThatThrownBy(() -> intruder.connect().get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ServerErrorException.class)
          .cause().satisfies(e -> assertThat(((ServerErrorException) e).error().code())
              .isEqualTo("DEVICE_OWNED_BY_ANOTHER_USER"));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> intruder.state() == ConnectionState.CLOSED);
      // stopped for good: asking again answers with the refusal, without another attempt
      assertThatThrownBy(() -> intruder.connect().get(1, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ServerErrorException.class);
      s.server().audit().flush().toCompletionStage().toCompletableFuture().join();
      assertThat(s.server().audit().query(new AuditLog.Query("device.register", "ivan",
          "denied", null, 10, Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join()).hasSize(1);
      assertThat(owner.state()).isEqualTo(ConnectionState.CONNECTED);
      owner.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeviceItsOwnerRemovesStopsInsteadOfRegisteringAgain() throws Exception {
    try (TestServer s = TestServer.start(dataDir)) {
      String jwt = s.userToken("rita");
      String base = "http://127.0.0.1:" + s.httpPort();
      DeviceClient phone = device(s, jwt, "old-phone");
      phone.connect().get(10, TimeUnit.SECONDS);
      assertThat(Http.delete(base + "/api/devices/old-phone", jwt).status()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> phone.state() == ConnectionState.CLOSED);
      assertThatThrownBy(() -> phone.connect().get(1, TimeUnit.SECONDS)).cause()
          .isInstanceOf(ServerErrorException.class).hasMessageStartingWith("DEVICE_REMOVED");
      s.server().audit().flush().toCompletionStage().toCompletableFuture().join();
      // registered once, never again after the removal
      assertThat(s.server().audit().query(new AuditLog.Query("device.register", "rita",
          "success", null, 10, Long.MAX_VALUE)).toCompletionStage().toCompletableFuture().join()).hasSize(1);
      assertThat(Http.get(base + "/api/devices/old-phone", jwt).status()).isEqualTo(404);
    }
  }
}
