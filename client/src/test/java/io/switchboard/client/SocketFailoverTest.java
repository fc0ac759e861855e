package io.switchboard.client;

import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.config.Keys;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket that knows several URLs of one service: the first connection goes to {@code url}, each
 * failed attempt or lost connection moves the next attempt on, round robin, and the credential
 * travels to every endpoint as it does to {@code url}. Two real servers sharing their secrets stand in
 * for two nodes.
 */
class SocketFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(Futures.WAIT_SECONDS);

  @TempDir
  Path root;

  private final String secret = "failover-" + UUID.randomUUID() + "-" + UUID.randomUUID();

  /** A server that accepts the user JWTs and WS tokens of every other server of this test. */
  private TestServer node(String name) {
    return Servers.start(root.resolve(name), Map.of(Keys.JWT_SECRET, secret, Keys.WS_TOKEN_SECRET, secret));
  }

  /** Pairing-socket options for {@code url}, whose WS tokens (asked for before every attempt) {@code issuer} mints. */
  private static SocketOptions.Builder options(String url, TestServer issuer) {
    return SocketOptions.builder(url)
        .credentials(Credentials.queryToken(Servers.wsTokens(issuer, "alice")))
        .handshake(Servers.AWAIT_WELCOME)
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Backoff.FOREVER))
        .keepalive(Keepalive.off());
  }

  private static int connections(TestServer s) {
    return s.server().hub().connections().all().size();
  }

  @Test
  void whenItsServerStopsTheSocketReconnectsToTheNextUrlOnItsOwn() {
    try (TestServer a = node("a"); TestServer b = node("b")) {
      SwitchboardSocket socket = SwitchboardSocket.create(options(Servers.wsUrl(a.pairingPort()), b)
          .alternateUrl(Servers.wsUrl(b.pairingPort())).build());
      get(socket.connect());
      assertThat(connections(a)).isEqualTo(1);
      assertThat(connections(b)).isZero();

      a.close();

      await().atMost(WAIT).until(() -> connections(b) == 1 && socket.state() == ConnectionState.CONNECTED);
      // The WS token went to node B as it went to A (the pairing socket refuses a connection without one).
      long sequence = 7;
      assertThat(get(socket.request(Json.object().put("type", "ping").put("sequence", sequence),
          Servers.pong(sequence), WAIT)).path("type").asText()).isEqualTo("pong");
      get(socket.close());
    }
  }

  @Test
  void anUnreachableFirstUrlGoesStraightOnToTheNext() {
    try (TestServer b = node("b")) {
      SwitchboardSocket socket = SwitchboardSocket.create(options(Servers.wsUrl(Futures.freePort()), b)
          .alternateUrl(Servers.wsUrl(b.pairingPort())).build());
      List<StateChange> changes = new CopyOnWriteArrayList<>();
      socket.onStateChange(changes::add);

      get(socket.connect());

      await().atMost(WAIT).until(() -> changes.size() == 4);
      assertThat(changes).extracting(StateChange::current).containsExactly(ConnectionState.CONNECTING,
          ConnectionState.RECONNECTING, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
      assertThat(connections(b)).isEqualTo(1);
      get(socket.close());
    }
  }

  @Test
  void aLostConnectionMovesOnAndTheRoundComesBackToTheFirstUrl() {
    try (TestServer a = node("a")) {
      SwitchboardSocket socket = SwitchboardSocket.create(options(Servers.wsUrl(a.pairingPort()), a)
          .alternateUrl(Servers.wsUrl(Futures.freePort())).build());
      List<StateChange> changes = new CopyOnWriteArrayList<>();
      socket.onStateChange(changes::add);
      get(socket.connect());
      String first = a.server().hub().connections().all().iterator().next().id();

      a.server().hub().connections().all().forEach(c -> c.close(CloseCodes.NORMAL, "test closes it"));

      // The next attempt goes to the alternate, where nothing listens; the one after it back to url.
      await().atMost(WAIT).until(() -> changes.size() == 7 && connections(a) == 1);
      assertThat(changes).extracting(StateChange::current).containsExactly(ConnectionState.CONNECTING,
          ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTING,
          ConnectionState.RECONNECTING, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
      assertThat(a.server().hub().connections().all().iterator().next().id()).isNotEqualTo(first);
      get(socket.close());
    }
  }
}
