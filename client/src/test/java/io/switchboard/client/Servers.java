package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Test servers and socket options pointed at their pairing WebSocket. */
public final class Servers {
  /** Waits for the pairing profile's {@code connected} welcome: the server is ready for messages. */
  static final Handshake AWAIT_WELCOME = s -> s.await(type("connected"), Duration.ofSeconds(5)).thenApply(m -> null);

  private Servers() {}

  /** A real server whose message rate limits do not get in the way of bulk tests. */
  public static TestServer start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  public static TestServer start(Path dataDir, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of(Keys.RATE, "100000", Keys.BURST, "100000"));
    values.putAll(overrides);
    return TestServer.start(dataDir, Clock.systemUTC(), values);
  }

  /** Fetches a fresh WS token from the server for every call (blocking; runs on a client pool thread). */
  static Supplier<CompletionStage<String>> wsTokens(TestServer server, String user) {
    return () -> CompletableFuture.completedFuture(
        new PairingDriver(server).wsToken(server.userToken(user), "desktop"));
  }

  static String wsUrl(int port) {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  /** Options for the pairing WebSocket of {@code server}, reached on {@code port} (the server's or a proxy's). */
  static SocketOptions.Builder options(TestServer server, int port) {
    return SocketOptions.builder(wsUrl(port))
        .credentials(Credentials.queryToken(wsTokens(server, "alice")))
        .handshake(AWAIT_WELCOME)
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Backoff.FOREVER))
        .keepalive(Keepalive.off());
  }

  static java.util.function.Predicate<JsonNode> type(String type) {
    return m -> type.equals(m.path("type").asText());
  }

  static java.util.function.Predicate<JsonNode> pong(long sequence) {
    return m -> "pong".equals(m.path("type").asText()) && m.path("sequence").asLong(-1) == sequence;
  }
}
