package io.switchboard.client.assistant;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionFailedException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.NotConnectedException;
import io.switchboard.client.Servers;
import io.switchboard.client.StateChange;
import io.switchboard.client.TcpProxy;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's keepalive and bounded reconnect, on short timings, through a TCP proxy. */
class AssistantReconnectTest {
  @TempDir
  Path dataDir;

  private static AssistantClient throughProxy(TcpProxy proxy) {
    return AssistantClient.create(AssistantOptions.builder(AssistantClientTest.url(proxy.port()))
        .keepalive(Duration.ofMillis(200), Duration.ofMillis(300))
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 5))
        .build());
  }

  private static long count(List<StateChange> states, ConnectionState state) {
    return states.stream().filter(s -> s.current() == state).count();
  }

  @Test
  void aLinkThatGoesSilentIsNoticedByTheMissingPongAndReplaced() {
    try (TestServer server = Servers.start(dataDir); TcpProxy proxy = TcpProxy.start(server.httpPort())) {
      AssistantClient codette = throughProxy(proxy);
      List<StateChange> states = new CopyOnWriteArrayList<>();
      codette.onStateChange(states::add);
      get(codette.connect());
      get(codette.chat("How should I mix bass?"));
      assertThat(get(codette.status()).memorySize()).isEqualTo(2);

      proxy.freeze();
      await().atMost(Duration.ofSeconds(10)).until(() -> count(states, ConnectionState.CONNECTED) == 2);
      assertThat(states).anyMatch(s -> s.current() == ConnectionState.RECONNECTING
          && s.cause() != null && s.cause().getMessage().contains("no pong"));
      // A new connection is a new conversation on the server.
      assertThat(get(codette.status()).memorySize()).isZero();
      assertThat(get(codette.chat("And the kick?")).response()).isNotBlank();
      get(codette.close());
    }
  }

  @Test
  void afterFiveFailedRetriesTheClientGivesUpAndConnectStartsOver() {
    try (TestServer server = Servers.start(dataDir); TcpProxy proxy = TcpProxy.start(server.httpPort())) {
      AssistantClient codette = throughProxy(proxy);
      List<StateChange> states = new CopyOnWriteArrayList<>();
      codette.onStateChange(states::add);
      get(codette.connect());
      CompletableFuture<Void> again = new CompletableFuture<>();
      codette.onStateChange(s -> {
        if (s.current() == ConnectionState.FAILED) {
          again.complete(null);
        }
      });

      proxy.stop();
      get(again);
      assertThat(codette.state()).isEqualTo(ConnectionState.FAILED);
      StateChange failed = states.get(states.size() - 1);
      assertThat(failed.cause()).isInstanceOf(ConnectionFailedException.class);
      assertThat(((ConnectionFailedException) failed.cause()).attempts()).isEqualTo(6);
      assertThat(count(states, ConnectionState.RECONNECTING)).isEqualTo(5);
      assertThat(failure(codette.chat("anyone there?"))).isInstanceOf(NotConnectedException.class);

      proxy.restart();
      get(codette.connect());
      assertThat(get(codette.chat("How loud should a master be?")).response()).isNotBlank();
      get(codette.close());
    }
  }
}
