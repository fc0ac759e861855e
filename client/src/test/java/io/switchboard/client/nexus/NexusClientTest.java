package io.switchboard.client.nexus;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.RequestTimeoutException;
import io.switchboard.client.ServerError;
import io.switchboard.client.Servers;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.StateChange;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.protocol.Json;
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

/** NexusClient against a real server: the three ways in, asks, streaming, the seed's calls, typed errors. */
class NexusClientTest {
  @TempDir
  Path dataDir;

  static NexusClient client(NexusDriver nexus, NexusCredentials credentials) {
    return NexusClient.create(NexusOptions.builder(nexus.url(), credentials)
        .reconnectInterval(Duration.ofMillis(50)).maxReconnectDelay(Duration.ofMillis(400)).build());
  }

  private static List<String> authMethods(TestServer server, String user) {
    return server.auditEvents("auth.success").stream().filter(e -> user.equals(e.actor()))
        .map(AuditEvent::detail).toList();
  }

  @Test
  void anApiKeyInTheHeaderAuthenticatesAndAsksGetAnswersFromTheBundledKnowledgeBase() {
    try (TestServer server = Servers.start(dataDir)) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient client = client(nexus, NexusCredentials.apiKey(nexus.apiKey("reporting")));
      List<StateChange> states = new CopyOnWriteArrayList<>();
      client.onStateChange(states::add);
      get(client.connect());
      assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(client.user()).isEqualTo("reporting");

      Answer a = get(client.ask("How much headroom should I leave?"));
      assertThat(a.answer()).contains("headroom").contains("bundled/headroom.md");
      assertThat(a.context()).startsWith("[1] Headroom");
      assertThat(a.sources().get(0).source()).isEqualTo("bundled/headroom.md");
      assertThat(a.usage().completionTokens()).isPositive();
      assertThat(a.usage().promptTokens()).isGreaterThan(a.usage().completionTokens());
      assertThat(a.usage().totalTokens()).isEqualTo(a.usage().promptTokens() + a.usage().completionTokens());
      Answer b = get(client.ask("How should I compress vocals?", "default"));
      assertThat(b.id()).isNotEqualTo(a.id());
      assertThat(b.answer()).containsIgnoringCase("compress");
      assertThat(get(client.ping()).type()).isEqualTo("pong");

      assertThat(authMethods(server, "reporting")).containsExactly("api_key_header");
      assertThat(states).extracting(StateChange::current)
          .containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
      assertThat(client.socket().pendingRequests()).isZero();
      get(client.close());
      assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    }
  }

  @Test
  void anApiKeyInTheAuthMessageAndAnEd25519KeyPairAuthenticateToo() {
    try (TestServer server = Servers.start(dataDir)) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient byMessage = client(nexus, NexusCredentials.apiKeyMessage(nexus.apiKey("nightly")));
      KeyPair pair = NexusDriver.newKeyPair();
      nexus.register("laptop-7", pair);
      NexusClient byKeyPair = client(nexus, NexusCredentials.ed25519(pair));
      // Asked before connecting: queued, and sent only once authenticated.
      CompletableFuture<Answer> early = byKeyPair.ask("What is gain staging?");
      await().atMost(Duration.ofSeconds(5)).until(() -> byKeyPair.socket().queuedMessages() == 1);

      get(byMessage.connect());
      get(byKeyPair.connect());
      assertThat(byMessage.user()).isEqualTo("nightly");
      assertThat(byKeyPair.user()).isEqualTo("laptop-7");
      assertThat(get(early).answer()).isNotBlank();
      assertThat(get(byMessage.ask("How loud should a master be?")).usage().totalTokens()).isPositive();

      assertThat(authMethods(server, "nightly")).containsExactly("api_key");
      assertThat(authMethods(server, "laptop-7")).containsExactly("challenge");
      assertThat(byKeyPair.toString()).doesNotContain("sbk_");
      get(byMessage.close());
      get(byKeyPair.close());
    }
  }

  @Test
  void aRefusedCredentialFailsWithTheTypedErrorAndIsNotRetried() {
    try (TestServer server = Servers.start(dataDir)) {
      NexusDriver nexus = new NexusDriver(server);
      List<NexusCredentials> wrong = List.of(NexusCredentials.apiKey("sbk_not-a-real-key"),
          NexusCredentials.apiKeyMessage("sbk_not-a-real-key"), NexusCredentials.ed25519(NexusDriver.newKeyPair()));
      List<String> codes = List.of("INVALID_API_KEY", "INVALID_API_KEY", "UNKNOWN_PUBLIC_KEY");
      for (int i = 0; i < wrong.size(); i++) {
        NexusClient client = client(nexus, wrong.get(i));
        List<StateChange> states = new CopyOnWriteArrayList<>();
        client.onStateChange(states::add);
        CompletableFuture<Answer> queued = client.ask("headroom?");

        Throwable refused = failure(client.connect());
        assertThat(refused).isInstanceOf(NexusAuthException.class);
        NexusAuthException e = (NexusAuthException) refused;
        assertThat(e.code()).isEqualTo(codes.get(i));
        assertThat(e.permanent()).isTrue();
        assertThat(failure(queued)).isSameAs(e);
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> states.stream()
            .anyMatch(s -> s.current() == ConnectionState.FAILED && s.cause() == e));
        assertThat(failure(client.connect())).isSameAs(e);
        assertThat(failure(client.ask("again?"))).isSameAs(e);

        // No retry loop: the refusals the server counts stay where they are.
        int attempts = server.auditEvents("auth.failure").size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
            .until(() -> server.auditEvents("auth.failure").size() == attempts);
        get(client.close());
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
      }
      assertThat(server.auditEvents("auth.failure").size()).isBetween(3, 6);
      // A refusal that a new attempt can get past fails only that attempt.
      assertThat(new NexusAuthException(new ServerError("AUTH_TIMEOUT", "late", null)).permanent()).isFalse();
      assertThat(new NexusAuthException(new ServerError("INVALID_CHALLENGE", "used", null)).permanent()).isFalse();
    }
  }

  @Test
  void aStreamedAnswerArrivesInPiecesInOrder() {
    try (TestServer server = Servers.start(dataDir)) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient client = client(nexus, NexusCredentials.apiKey(nexus.apiKey("svc")));
      get(client.connect());
      List<String> pieces = new CopyOnWriteArrayList<>();
      CompletableFuture<Integer> piecesAtResponse = new CompletableFuture<>();
      client.onResponse(r -> piecesAtResponse.complete(pieces.size()));
      Answer a = get(client.ask(Ask.of("compression on vocals").withStreaming(pieces::add)));
      int delivered = get(piecesAtResponse);
      assertThat(delivered).isGreaterThan(1);
      assertThat(String.join("", pieces.subList(0, delivered))).isEqualTo(a.answer());
      get(client.close());
    }
  }

  @Test
  void theSeedsSendQueryOnMessageAndOnResponseWithUnsubscribe() {
    try (TestServer server = Servers.start(dataDir)) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient client = client(nexus, NexusCredentials.apiKey(nexus.apiKey("partner", "acme")));
      List<Answer> first = new CopyOnWriteArrayList<>();
      List<Answer> second = new CopyOnWriteArrayList<>();
      List<NexusMessage> errors = new CopyOnWriteArrayList<>();
      Registration r = client.onResponse(first::add);
      client.onResponse(second::add);
      client.onMessage("error", errors::add);
      get(client.connect());

      String id = client.sendQuery("zephyrine", "acme");
      await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 1);
      assertThat(second.get(0).id()).isEqualTo(id);
      assertThat(first).hasSize(1);
      r.remove();
      String next = client.sendQuery("zephyrine attack", "acme");
      await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 2);
      assertThat(second.get(1).id()).isEqualTo(next);
      assertThat(first).hasSize(1);

      // A team the key may not use: the typed error on the ask, and the error message to handlers.
      Throwable notAllowed = failure(client.ask("headroom"));
      assertThat(notAllowed).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) notAllowed).code()).isEqualTo("TEAM_NOT_ALLOWED");
      NexusMessage dance = NexusMessage.of("dance", Json.object());
      get(client.send(dance));
      await().atMost(Duration.ofSeconds(10)).until(() -> errors.stream().anyMatch(e -> dance.id().equals(e.id())));
      assertThat(errors).anyMatch(e -> e.payload().path("code").asText().equals("UNKNOWN_TYPE"));
      assertThat(errors).anyMatch(e -> e.payload().path("code").asText().equals("TEAM_NOT_ALLOWED"));
      assertThatThrownBy(() -> client.ask("")).isInstanceOf(IllegalArgumentException.class);
      get(client.close());
    }
  }

  @Test
  void theEnginesTimeoutIsATypedErrorAndARequestTimeoutLeavesNothingPending() {
    try (FakeOpenAi upstream = FakeOpenAi.start().mode(FakeOpenAi.Mode.HANG);
        TestServer server = Servers.start(dataDir, Map.of(Keys.PROVIDER_ENGINE, "openai",
            Keys.OPENAI_BASE_URL, upstream.baseUrl(), Keys.PROVIDER_TIMEOUT, "600"))) {
      NexusDriver nexus = new NexusDriver(server);
      NexusClient client = client(nexus, NexusCredentials.apiKey(nexus.apiKey("svc")));
      get(client.connect());
      Throwable slow = failure(client.ask("How should I mix bass?"));
      assertThat(slow).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) slow).code()).isEqualTo("PROVIDER_TIMEOUT");

      List<String> pieces = new CopyOnWriteArrayList<>();
      Throwable impatient = failure(client.ask(Ask.of("How should I mix drums?").withStreaming(pieces::add)
          .withTimeout(Duration.ofMillis(150))));
      assertThat(impatient).isInstanceOf(RequestTimeoutException.class);
      assertThat(client.socket().pendingRequests()).isZero();
      // The engine's late error for that ask finds nothing waiting and changes nothing.
      assertThat(get(client.ping()).type()).isEqualTo("pong");
      assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(pieces).isEmpty();
      get(client.close());
    }
  }
}
