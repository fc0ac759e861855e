package io.switchboard.client.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Credentials;
import io.switchboard.client.Futures;
import io.switchboard.client.ServerError;
import io.switchboard.client.Servers;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GlassesClient against a real server: the acknowledged session, token placements, refusals, replacement. */
@Timeout(60)
class GlassesClientTest {
  static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Backoff.FOREVER);

  @TempDir
  Path dataDir;
  TestServer server;

  @BeforeEach
  void start() {
    server = Servers.start(dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static GlassesOptions.Builder options(TestServer server, String jwt) {
    return GlassesOptions.builder("http://127.0.0.1:" + server.httpPort()).userToken(jwt).backoff(FAST);
  }

  @Test
  void connectsWithABearerHeaderOrAQueryTokenAndGetsTheUsersSession() {
    GlassesClient ann = GlassesClient.create(options(server, server.userToken("ann@example.com")).build());
    GlassesSession session = Futures.get(ann.connect());
    assertThat(session.sessionId()).isEqualTo("ann@example.com");
    assertThat(session.userId()).isEqualTo("ann@example.com");
    assertThat(session.activeApps()).isEmpty();
    assertThat(ann.sessionId()).isEqualTo("ann@example.com");
    assertThat(ann.state()).isEqualTo(ConnectionState.CONNECTED);

    GlassesClient bob = GlassesClient.create(GlassesOptions.builder("ws://127.0.0.1:" + server.httpPort() + "/glasses-ws")
        .userToken(server.userToken("bob")).tokenPlacement(Credentials.Placement.QUERY).build());
    assertThat(Futures.get(bob.connect()).sessionId()).isEqualTo("bob");
    Futures.get(bob.close());
    assertThat(bob.state()).isEqualTo(ConnectionState.CLOSED);
    Futures.get(ann.close());
  }

  @Test
  void badMessagesAndUnknownAppsComeBackAsErrorsWithoutClosing() {
    GlassesClient glasses = GlassesClient.create(options(server, server.userToken("cy")).build());
    CompletableFuture<ServerError> badLocation = new CompletableFuture<>();
    CompletableFuture<ServerError> unknownApp = new CompletableFuture<>();
    glasses.onError(e -> {
      if ("INVALID_MESSAGE".equals(e.code())) {
        badLocation.complete(e);
      } else if ("UNKNOWN_PACKAGE".equals(e.code())) {
        unknownApp.complete(e);
      }
    });
    Futures.get(glasses.connect());
    glasses.sendLocation(91, 0);
    assertThat(Futures.get(badLocation).details().get("field").asText()).isEqualTo("lat");
    glasses.startApp("com.example.nothing");
    assertThat(Futures.get(unknownApp).message()).contains("com.example.nothing");
    assertThat(glasses.state()).isEqualTo(ConnectionState.CONNECTED);
    Futures.get(glasses.close());
  }

  @Test
  void aRefusedTokenIsReportedAndTheNextAttemptGetsAFreshOne() {
    String good = server.userToken("dee");
    AtomicInteger asked = new AtomicInteger();
    CompletableFuture<ServerError> refused = new CompletableFuture<>();
    GlassesClient glasses = GlassesClient.create(GlassesOptions.builder("http://127.0.0.1:" + server.httpPort())
        .userToken(() -> CompletableFuture.completedFuture(asked.incrementAndGet() == 1 ? "not.a.jwt" : good))
        .backoff(FAST).build());
    glasses.onConnectionError(refused::complete);
    assertThat(Futures.get(glasses.connect()).sessionId()).isEqualTo("dee");
    assertThat(Futures.get(refused).code()).isEqualTo("INVALID_TOKEN");
    assertThat(asked.get()).isEqualTo(2);
    Futures.get(glasses.close());
  }

  @Test
  void aNewerConnectionOfTheSameUserEndsTheOlderOneForGood() {
    String jwt = server.userToken("eve");
    GlassesClient first = GlassesClient.create(options(server, jwt).build());
    CompletableFuture<ServerClose> replaced = new CompletableFuture<>();
    first.onServerClose(replaced::complete);
    Futures.get(first.connect());

    GlassesClient second = GlassesClient.create(options(server, jwt).build());
    assertThat(Futures.get(second.connect()).sessionId()).isEqualTo("eve");
    ServerClose close = Futures.get(replaced);
    assertThat(close.code()).isEqualTo(1000);
    assertThat(close.reason()).isEqualTo("Replaced by a newer glasses connection");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.state() == ConnectionState.CLOSED);
    // The newer one keeps the session: events still pass without errors.
    CompletableFuture<ServerError> error = new CompletableFuture<>();
    second.onError(error::complete);
    Futures.get(second.sendEvent("custom_event", Json.object().put("x", 1)));
    Futures.get(second.sendButtonPress("main", "short"));
    assertThat(second.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(error).isNotDone();
    Futures.get(second.close());
  }
}
