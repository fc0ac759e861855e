package io.switchboard.client;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request/response correlation, timeouts and the send queue, against a real server. */
class SocketRequestTest {
  @TempDir
  static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = Servers.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SwitchboardSocket connected(SocketOptions.Builder options) {
    SwitchboardSocket socket = SwitchboardSocket.create(options.build());
    get(socket.connect());
    return socket;
  }

  @Test
  void aRequestWhoseReplyNeverComesFailsWithATimeoutAtTheTimeSet() {
    SwitchboardSocket socket = connected(Servers.options(server, server.pairingPort()));
    try {
      // The server answers ping with a pong that does not carry our "id": no reply ever correlates.
      long start = System.nanoTime();
      CompletableFuture<JsonNode> reply = socket.request(Json.object().put("type", "ping"), Duration.ofMillis(300));
      Throwable t = failure(reply);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(t).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("300 ms");
      assertThat(((RequestTimeoutException) t).timeout()).isEqualTo(Duration.ofMillis(300));
      assertThat(elapsedMs).isBetween(300L, 2_000L);
      assertThat(socket.pendingRequests()).isZero();
    } finally {
      get(socket.close());
    }
  }

  @Test
  void afterManyUnansweredRequestsNothingIsLeftPending() {
    SwitchboardSocket socket = connected(Servers.options(server, server.pairingPort()));
    try {
      List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        replies.add(socket.request(Json.object().put("type", "ping"), Duration.ofMillis(200 + i % 50)));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> socket.pendingRequests() > 0);
      for (CompletableFuture<JsonNode> r : replies) {
        assertThat(failure(r)).isInstanceOf(RequestTimeoutException.class);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> socket.pendingRequests() == 0);
      assertThat(socket.state()).isEqualTo(ConnectionState.CONNECTED);
    } finally {
      get(socket.close());
    }
  }

  @Test
  void aReplyCarryingTheIdCompletesTheRequestAndLeavesNothingPending() {
    // Pairing pongs echo "sequence": make it the correlation field.
    SwitchboardSocket socket = connected(Servers.options(server, server.pairingPort()).requestIdField("sequence"));
    try {
      List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        replies.add(socket.request(Json.object().put("type", "ping"), Duration.ofSeconds(5)));
      }
      for (CompletableFuture<JsonNode> r : replies) {
        assertThat(get(r).path("type").asText()).isEqualTo("pong");
      }
      assertThat(socket.pendingRequests()).isZero();
      JsonNode explicit = get(socket.request(Json.object().put("type", "ping").put("sequence", 42)));
      assertThat(explicit.path("sequence").asInt()).isEqualTo(42);
    } finally {
      get(socket.close());
    }
  }

  @Test
  void anErrorReplyFailsTheRequestWithTheServersCode() {
    SwitchboardSocket socket = connected(Servers.options(server, server.pairingPort()));
    try {
      JsonNode join = Json.object().put("type", "join_channel").put("channel", "pair-000000")
          .put("device_type", "desktop").put("session_id", "s-1");
      Throwable t = failure(socket.request(join,
          m -> "pair-000000".equals(m.path("details").path("channel").asText()), Duration.ofSeconds(5)));
      assertThat(t).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) t).code()).isEqualTo(ErrorCode.INVALID_CHANNEL);
      assertThat(socket.pendingRequests()).isZero();
    } finally {
      get(socket.close());
    }
  }

  @Test
  void closeFailsPendingRequestsAndQueuedMessages() {
    SwitchboardSocket socket = connected(Servers.options(server, server.pairingPort()));
    CompletableFuture<JsonNode> waiting = socket.request(Json.object().put("type", "ping"), Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> socket.pendingRequests() == 1);
    get(socket.close());
    assertThat(failure(waiting)).isInstanceOf(ClientClosedException.class);
    assertThat(socket.pendingRequests()).isZero();
    assertThat(socket.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(failure(socket.send(Json.object().put("type", "ping")))).isInstanceOf(ClientClosedException.class);
    assertThat(failure(socket.connect())).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void aFullSendQueueRefusesTheNextMessageWithAClearError() {
    SwitchboardSocket socket = SwitchboardSocket.create(SocketOptions.builder(Servers.wsUrl(Futures.freePort()))
        .maxQueuedMessages(3).build());
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(socket.send(Json.object().put("type", "ping").put("sequence", i)));
    }
    CompletableFuture<JsonNode> request = socket.request(Json.object().put("type", "ping"), Duration.ofMinutes(1));
    Throwable overflow = failure(socket.send(Json.object().put("type", "ping")));
    assertThat(overflow).isInstanceOf(SendQueueFullException.class).hasMessageContaining("3 messages");
    assertThat(((SendQueueFullException) overflow).capacity()).isEqualTo(3);
    assertThat(failure(request)).isInstanceOf(SendQueueFullException.class);
    assertThat(socket.queuedMessages()).isEqualTo(3);
    assertThat(socket.pendingRequests()).isZero();
    assertThat(queued).noneMatch(CompletableFuture::isDone);

    get(socket.close());
    for (CompletableFuture<Void> q : queued) {
      assertThat(failure(q)).isInstanceOf(ClientClosedException.class);
    }
    assertThat(socket.queuedMessages()).isZero();
  }
}
