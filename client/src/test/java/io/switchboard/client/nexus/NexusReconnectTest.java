package io.switchboard.client.nexus;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Servers;
import io.switchboard.client.StateChange;
import io.switchboard.client.TcpProxy;
import io.switchboard.config.Keys;
import io.switchboard.testing.FakeOpenAi;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dropped link (a TCP proxy cut while the server runs): the client authenticates again and asks again. */
class NexusReconnectTest {
  @TempDir
  Path dataDir;

  private static NexusClient throughProxy(TcpProxy proxy, NexusCredentials credentials) {
    return NexusClient.create(NexusOptions.builder("ws://127.0.0.1:" + proxy.port() + "/", credentials)
        .reconnectInterval(Duration.ofMillis(50)).maxReconnectDelay(Duration.ofMillis(400)).build());
  }

  @Test
  void afterADroppedLinkTheClientSignsAFreshChallengeAndTheQueuedAskIsAnswered() {
    try (TestServer server = Servers.start(dataDir); TcpProxy proxy = TcpProxy.start(server.httpPort())) {
      NexusDriver nexus = new NexusDriver(server);
      KeyPair pair = NexusDriver.newKeyPair();
      nexus.register("laptop-7", pair);
      NexusClient client = throughProxy(proxy, NexusCredentials.ed25519(pair));
      List<StateChange> states = new CopyOnWriteArrayList<>();
      client.onStateChange(states::add);
      get(client.connect());
      assertThat(get(client.ask("How much headroom should I leave?")).answer()).contains("headroom");

      proxy.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> states.stream()
          .anyMatch(s -> s.current() == ConnectionState.RECONNECTING && s.cause() != null));
      CompletableFuture<Answer> queued = client.ask("How should I compress vocals?");
      await().atMost(Duration.ofSeconds(5)).until(() -> client.socket().queuedMessages() == 1);
      assertThat(queued).isNotDone();
      proxy.restart();

      assertThat(get(queued).answer()).containsIgnoringCase("compress");
      assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(get(client.ask("And the low end?")).answer()).isNotBlank();
      assertThat(server.auditEvents("auth.success").stream().filter(e -> "laptop-7".equals(e.actor()))
          .map(e -> e.detail()).toList()).containsExactly("challenge", "challenge");
      assertThat(server.auditEvents("auth.failure")).isEmpty();
      assertThat(states.stream().filter(s -> s.current() == ConnectionState.CONNECTED).count()).isEqualTo(2);
      assertThat(client.socket().pendingRequests()).isZero();
      get(client.close());
    }
  }

  @Test
  void anAskInFlightWhenTheLinkDropsFailsAsLostAndLeavesNothingPending() {
    try (FakeOpenAi upstream = FakeOpenAi.start().mode(FakeOpenAi.Mode.HANG);
        TestServer server = Servers.start(dataDir, Map.of(Keys.PROVIDER_ENGINE, "openai",
            Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "60000"));
        TcpProxy proxy = TcpProxy.start(server.httpPort())) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient client = throughProxy(proxy, NexusCredentials.apiKeyMessage(nexus.apiKey("svc")));
      get(client.connect());
      List<String> pieces = new CopyOnWriteArrayList<>();
      CompletableFuture<Answer> inFlight = client.ask(Ask.of("How should I mix bass?").withStreaming(pieces::add));
      await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 1);

      proxy.stop();
      assertThat(failure(inFlight)).isInstanceOf(ConnectionLostException.class);
      assertThat(client.socket().pendingRequests()).isZero();
      // The server cancels the engine call of the connection that left.
      await().atMost(Duration.ofSeconds(10)).until(() -> upstream.aborted() == 1);
      proxy.restart();
      get(client.connect());
      assertThat(get(client.ping()).type()).isEqualTo("pong");
      assertThat(server.auditEvents("auth.success").stream().filter(e -> "svc".equals(e.actor())).count())
          .isEqualTo(2);
      get(client.close());
    }
  }
}
