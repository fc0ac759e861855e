package io.switchboard.client;

import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threading contract: thread-safe, non-blocking calls; ordered callbacks off the event loop. */
class SocketThreadingTest {
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

  @Test
  void callbacksRunOffTheEventLoopInOrderAndAHandlerMayWaitOnTheSocket() throws Exception {
    SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, server.pairingPort()).build());
    List<String> threads = new CopyOnWriteArrayList<>();
    List<Integer> order = new CopyOnWriteArrayList<>();
    socket.onStateChange(c -> threads.add(threadName()));
    CompletableFuture<JsonNode> waitedInHandler = new CompletableFuture<>();
    socket.on("pong", m -> {
      threads.add(threadName());
      order.add(m.path("sequence").asInt());
      if (m.path("sequence").asInt() == 1) {
        // Blocking inside a handler on a request of the same socket: the reply is still delivered.
        try {
          waitedInHandler.complete(socket.request(Json.object().put("type", "ping").put("sequence", 1000),
              Servers.pong(1000), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
          waitedInHandler.completeExceptionally(e);
        }
      }
    });
    get(socket.connect());
    for (int i = 1; i <= 20; i++) {
      socket.send(Json.object().put("type", "ping").put("sequence", i));
    }
    assertThat(get(waitedInHandler).path("sequence").asInt()).isEqualTo(1000);
    await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 21);
    // Ping 1000 was sent from a handler and may overtake the queued ones; the rest keep their order.
    assertThat(order.stream().filter(seq -> seq != 1000).toList()).hasSize(20).isSorted();
    assertThat(threads).isNotEmpty().noneMatch(name -> name.startsWith("vertx:"));
    get(socket.close());
  }

  private static String threadName() {
    return (Context.isOnVertxThread() ? "vertx:" : "") + Thread.currentThread().getName();
  }

  @Test
  void everyMethodReturnsAtOnceWhenCalledOnTheSocketsOwnEventLoop() throws Exception {
    // One event loop: the socket and the caller share it, so any blocking call would deadlock.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      CompletableFuture<SwitchboardSocket> created = new CompletableFuture<>();
      CompletableFuture<List<CompletableFuture<?>>> calls = new CompletableFuture<>();
      CompletableFuture<Long> elapsed = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        long start = System.nanoTime();
        SwitchboardSocket socket = SwitchboardSocket.create(vertx, Servers.options(server, server.pairingPort())
            .requestIdField("sequence").build());
        List<CompletableFuture<?>> futures = new ArrayList<>();
        futures.add(socket.connect());
        for (int i = 0; i < 200; i++) {
          futures.add(socket.send(Json.object().put("type", "ping").put("sequence", i)));
        }
        futures.add(socket.request(Json.object().put("type", "ping")));
        socket.state();
        socket.pendingRequests();
        socket.queuedMessages();
        socket.on("pong", m -> { }).remove();
        elapsed.complete((System.nanoTime() - start) / 1_000_000);
        created.complete(socket);
        calls.complete(futures);
      });
      assertThat(get(elapsed)).as("ms spent on the event loop").isLessThan(1_000L);
      for (CompletableFuture<?> f : get(calls)) {
        get(f);
      }
      SwitchboardSocket socket = get(created);
      CompletableFuture<CompletableFuture<Void>> closing = new CompletableFuture<>();
      vertx.runOnContext(v -> closing.complete(socket.close()));
      get(get(closing));
      assertThat(socket.state()).isEqualTo(ConnectionState.CLOSED);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void manyThreadsSendAtOnceAndEveryMessageArrivesInEachThreadsOrder() throws Exception {
    SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, server.pairingPort()).build());
    Map<Integer, List<Integer>> byThread = new ConcurrentHashMap<>();
    socket.on("pong", m -> {
      int seq = m.path("sequence").asInt();
      byThread.computeIfAbsent(seq / 1000, t -> new CopyOnWriteArrayList<>()).add(seq % 1000);
    });
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> senders = new ArrayList<>();
    for (int t = 1; t <= threads; t++) {
      int thread = t;
      senders.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          socket.send(Json.object().put("type", "ping").put("sequence", thread * 1000 + i));
        }
        return null;
      }));
    }
    // Registrations come and go on another thread meanwhile.
    senders.add(pool.submit(() -> {
      go.await();
      for (int i = 0; i < 500; i++) {
        socket.on("pong", m -> { }).remove();
      }
      return null;
    }));
    go.countDown();
    get(socket.connect());
    for (Future<?> f : senders) {
      f.get(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(15))
        .until(() -> byThread.values().stream().mapToInt(List::size).sum() == threads * perThread);
    for (List<Integer> seqs : byThread.values()) {
      assertThat(seqs).hasSize(perThread).isSorted();
    }
    pool.shutdownNow();
    get(socket.close());
  }
}
