package io.switchboard.client;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconnect with backoff, giving up, the send queue across a drop, keepalive, fresh credentials. */
class SocketReconnectTest {
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
  void nothingListeningReportsEveryStateChangeAndGivesUpAfterTheConfiguredRetries() {
    Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(80), 3);
    SwitchboardSocket socket = SwitchboardSocket.create(SocketOptions.builder(Servers.wsUrl(Futures.freePort()))
        .backoff(backoff).build());
    List<StateChange> changes = new CopyOnWriteArrayList<>();
    socket.onStateChange(changes::add);
    CompletableFuture<Void> queued = socket.send(Json.object().put("type", "ping"));

    Throwable t = failure(socket.connect());

    assertThat(t).isInstanceOf(ConnectionFailedException.class);
    assertThat(((ConnectionFailedException) t).attempts()).isEqualTo(4);
    assertThat(socket.state()).isEqualTo(ConnectionState.FAILED);
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 8);
    assertThat(changes).extracting(StateChange::current).containsExactly(
        ConnectionState.CONNECTING, ConnectionState.RECONNECTING,
        ConnectionState.CONNECTING, ConnectionState.RECONNECTING,
        ConnectionState.CONNECTING, ConnectionState.RECONNECTING,
        ConnectionState.CONNECTING, ConnectionState.FAILED);
    assertThat(changes.get(0).previous()).isEqualTo(ConnectionState.DISCONNECTED);
    List<StateChange> waits = changes.stream().filter(c -> c.current() == ConnectionState.RECONNECTING).toList();
    assertThat(waits).extracting(StateChange::attempt).containsExactly(1, 2, 3);
    for (StateChange w : waits) {
      assertThat(w.delay()).isLessThanOrEqualTo(backoff.cap(w.attempt()));
      assertThat(w.cause()).isNotNull();
    }
    assertThat(failure(queued)).isInstanceOf(ConnectionFailedException.class);
    assertThat(socket.queuedMessages()).isZero();
    get(socket.close());
  }

  @Test
  void closeStopsReconnecting() {
    SwitchboardSocket socket = SwitchboardSocket.create(SocketOptions.builder(Servers.wsUrl(Futures.freePort()))
        .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Backoff.FOREVER)).build());
    List<StateChange> changes = new CopyOnWriteArrayList<>();
    socket.onStateChange(changes::add);
    CompletableFuture<Void> connecting = socket.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream()
        .filter(c -> c.current() == ConnectionState.CONNECTING).count() >= 3);
    get(socket.close());
    assertThat(failure(connecting)).isInstanceOf(ClientClosedException.class);
    int seen = changes.size();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> changes.size() == seen);
    assertThat(changes.get(seen - 1).current()).isEqualTo(ConnectionState.CLOSED);
    assertThat(socket.state()).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  void backoffCapsGrowExponentiallyUpToTheMaximumAndDelaysStayUnderTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), Backoff.FOREVER);
    assertThat(b.cap(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.cap(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.cap(40)).isEqualTo(Duration.ofSeconds(30));
    java.util.Random random = new java.util.Random(7);
    long distinct = java.util.stream.IntStream.range(0, 200).mapToObj(i -> b.delay(5, random))
        .peek(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(1600))).distinct().count();
    assertThat(distinct).as("full jitter spreads the delays").isGreaterThan(50);
    assertThat(Backoff.defaults().maxDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void messagesSentBeforeConnectingAreFlushedInOrder() {
    SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, server.pairingPort()).build());
    List<Integer> pongs = new CopyOnWriteArrayList<>();
    socket.on("pong", m -> pongs.add(m.path("sequence").asInt()));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      sent.add(socket.send(Json.object().put("type", "ping").put("sequence", i)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> socket.queuedMessages() == 50);
    assertThat(sent).noneMatch(CompletableFuture::isDone);
    get(socket.connect());
    sent.forEach(Futures::get);
    await().atMost(Duration.ofSeconds(10)).until(() -> pongs.size() == 50);
    assertThat(pongs).isSorted().hasSize(50).startsWith(1).endsWith(50);
    get(socket.close());
  }

  @Test
  void aDroppedConnectionReconnectsWithAFreshTokenAndDeliversWhatWasQueuedInOrder() {
    try (TcpProxy proxy = TcpProxy.start(server.pairingPort())) {
      AtomicInteger tokens = new AtomicInteger();
      var fresh = Servers.wsTokens(server, "alice");
      SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, proxy.port())
          .credentials(Credentials.queryToken(() -> {
            tokens.incrementAndGet();
            return fresh.get();
          })).build());
      List<StateChange> changes = new CopyOnWriteArrayList<>();
      socket.onStateChange(changes::add);
      List<Integer> pongs = new CopyOnWriteArrayList<>();
      socket.on("pong", m -> {
        if (m.has("sequence")) { // the in-flight request's pong (if it makes it) has none
          pongs.add(m.path("sequence").asInt());
        }
      });
      get(socket.connect());
      CompletableFuture<JsonNode> inFlight = socket.request(Json.object().put("type", "ping"), Duration.ofMinutes(1));

      proxy.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> socket.state() != ConnectionState.CONNECTED);
      assertThat(failure(inFlight)).isInstanceOf(ConnectionLostException.class);
      List<CompletableFuture<Void>> queued = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        queued.add(socket.send(Json.object().put("type", "ping").put("sequence", i)));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream()
          .anyMatch(c -> c.current() == ConnectionState.RECONNECTING && c.attempt() >= 2));
      assertThat(queued).noneMatch(CompletableFuture::isDone);

      proxy.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() == ConnectionState.CONNECTED);
      queued.forEach(Futures::get);
      await().atMost(Duration.ofSeconds(10)).until(() -> pongs.size() == 20);
      assertThat(pongs).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
      assertThat(tokens.get()).as("a token fetched per attempt").isGreaterThanOrEqualTo(3);
      assertThat(socket.pendingRequests()).isZero();
      get(socket.close());
    }
  }

  @Test
  void aJsonKeepaliveNoticesALinkThatWentSilentAndReconnects() {
    assertSilentLinkIsNoticed(Keepalive.json(Duration.ofMillis(150), Duration.ofMillis(300)));
  }

  @Test
  void aFrameKeepaliveNoticesALinkThatWentSilentAndReconnects() {
    assertSilentLinkIsNoticed(Keepalive.frames(Duration.ofMillis(150), Duration.ofMillis(300)));
  }

  private void assertSilentLinkIsNoticed(Keepalive keepalive) {
    try (TcpProxy proxy = TcpProxy.start(server.pairingPort())) {
      SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, proxy.port())
          .keepalive(keepalive).build());
      List<StateChange> changes = new CopyOnWriteArrayList<>();
      socket.onStateChange(changes::add);
      get(socket.connect());
      // A healthy link stays up across many pings.
      await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
          .until(() -> socket.state() == ConnectionState.CONNECTED);

      proxy.freeze();
      await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream()
          .anyMatch(c -> c.current() == ConnectionState.RECONNECTING));
      StateChange lost = changes.stream().filter(c -> c.current() == ConnectionState.RECONNECTING).findFirst()
          .orElseThrow();
      assertThat(lost.previous()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(lost.cause()).isInstanceOf(ConnectionLostException.class).hasMessageContaining("no pong");
      await().atMost(Duration.ofSeconds(10)).until(() -> socket.state() == ConnectionState.CONNECTED);
      assertThat(get(socket.request(Json.object().put("type", "ping").put("sequence", 99), Servers.pong(99),
          Duration.ofSeconds(5))).path("sequence").asInt()).isEqualTo(99);
      get(socket.close());
    }
  }

  @Test
  void theCredentialMayTravelAsQueryHeaderOrSubprotocol() {
    var tokens = Servers.wsTokens(server, "bob");
    for (Credentials c : List.of(Credentials.queryToken(tokens), Credentials.bearerHeader(tokens),
        Credentials.subprotocol("Bearer.", tokens))) {
      SwitchboardSocket socket = SwitchboardSocket.create(Servers.options(server, server.pairingPort())
          .credentials(c).backoff(Backoff.defaults().withMaxRetries(0)).build());
      get(socket.connect());
      assertThat(get(socket.request(Json.object().put("type", "ping").put("sequence", 5), Servers.pong(5),
          Duration.ofSeconds(5))).path("type").asText()).as(c.toString()).isEqualTo("pong");
      get(socket.close());
    }
    SwitchboardSocket refused = SwitchboardSocket.create(Servers.options(server, server.pairingPort())
        .credentials(Credentials.queryToken(Credentials.fixed("not-a-token")))
        .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 1)).build());
    assertThat(failure(refused.connect())).isInstanceOf(ConnectionFailedException.class);
    get(refused.close());
  }
}
