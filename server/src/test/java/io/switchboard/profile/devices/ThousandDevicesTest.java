package io.switchboard.profile.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's own target: 1,000 devices connected to one server at once, each answering a command. */
class ThousandDevicesTest {
  private static final int DEVICES = 1000;

  @TempDir
  Path dataDir;

  @Test
  void thousandDevicesEachAnswerTheirOwnCommand() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.PER_IP, "5000"))) {
      String jwt = s.userToken("fleet");
      WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(DEVICES + 10)
          .setDefaultHost("127.0.0.1").setDefaultPort(s.httpPort()));
      List<Future<?>> registered = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        registered.add(device(ws, jwt, "dev-" + i));
      }
      Future.all(registered).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

      var http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(s.httpPort()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
      List<Future<JsonNode>> calls = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        String body = Json.write(Json.object().put("device_node_id", "dev-" + i).put("accuracy", "high"));
        calls.add(http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/devices/location")
                .putHeader("Authorization", "Bearer " + jwt).putHeader("Content-Type", "application/json"))
            .compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> {
              assertThat(resp.statusCode()).as(b.toString()).isEqualTo(200);
              return Json.parseOrNull(b.toString());
            })));
      }
      Future.all(calls).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      for (int i = 0; i < DEVICES; i++) {
        JsonNode r = calls.get(i).result();
        // Each device answers with a latitude equal to its own number: the result matches its command.
        assertThat(r.get("latitude").asInt()).isEqualTo(i);
        assertThat(r.get("success").asBoolean()).isTrue();
      }
      assertThat(s.server().devices().pendingCommands()).isZero();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A device that registers and answers each command with its own number as latitude. */
  private static Future<Void> device(WebSocketClient client, String jwt, String id) {
    int n = Integer.parseInt(id.substring(4));
    return client.connect(new WebSocketConnectOptions().setURI("/api/devices/ws?token=" + jwt)).compose(socket -> {
      io.vertx.core.Promise<Void> registered = io.vertx.core.Promise.promise();
      socket.textMessageHandler(text -> {
        JsonNode m = Json.parseOrNull(text);
        switch (m.path("type").asText()) {
          case "registered" -> registered.tryComplete();
          case "command" -> socket.writeTextMessage(Json.write(DeviceDriver.result(m, true,
              Json.object().put("latitude", n).put("longitude", -n))));
          default -> { }
        }
      });
      socket.writeTextMessage(Json.write(DeviceDriver.register(id, List.of("location"))));
      return registered.future();
    });
  }
}
