package io.switchboard.client.assistant;

import io.switchboard.client.Backoff;
import io.switchboard.client.Credentials;
import io.switchboard.client.Keepalive;
import io.switchboard.client.SocketSettings;
import io.switchboard.client.UserTokenOptionsBuilder;
import io.switchboard.protocol.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Immutable configuration of an {@link AssistantClient}; build it with {@link #builder(String)}.
 * The defaults are seed 001's numbers.
 *
 * @param url the assistant WebSocket, e.g. {@code ws://localhost:8000/ws}
 * @param userToken a user JWT for a server with {@code assistant.require-token=true}, asked for before
 *     every connection attempt and sent as {@code Authorization: Bearer}; null: none (the seed's way)
 * @param backoff reconnect policy; default {@link #SEED_BACKOFF}: up to 5 retries, the delay cap
 *     doubling from 2 s to 30 s (the seed's {@code min(1000 * 2^attempt, 30000)}), with full jitter
 * @param keepalive default: {@code {"type":"ping"}} every 30 s, a {@code pong} expected within 5 s,
 *     else the connection counts as lost and is replaced
 * @param requestTimeout how long chat, status, analyze and ping wait for their reply (default 60 s,
 *     beyond the server's 30 s engine timeout, so that its {@code PROVIDER_TIMEOUT} arrives first)
 * @param connectTimeout bound on one attempt: upgrade and the {@code connection} welcome (default 10 s)
 * @param maxQueuedMessages messages kept while disconnected (default 1000)
 * @param callbackExecutor where handlers and futures run; null: a daemon pool owned by the client
 * @param alternateUrls more WebSocket URLs of the same hub (other nodes of a cluster), each given to
 *     {@code alternateUrl}; tried round robin after a failed attempt or a lost connection (see
 *     {@link io.switchboard.client.SocketOptions}); default none
 */
public record AssistantOptions(URI url, Supplier<? extends CompletionStage<String>> userToken, Backoff backoff,
    Keepalive keepalive, Duration requestTimeout, Duration connectTimeout, int maxQueuedMessages,
    Executor callbackExecutor, List<URI> alternateUrls) implements SocketSettings {

  /** Seed 001's reconnect: 5 attempts, delays doubling from 2 s up to 30 s (as caps, with jitter). */
  public static final Backoff SEED_BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 5);

  public AssistantOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(keepalive, "keepalive");
    positive(requestTimeout, "requestTimeout");
    positive(connectTimeout, "connectTimeout");
    if (maxQueuedMessages < 0) {
      throw new IllegalArgumentException("maxQueuedMessages must be >= 0");
    }
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public static Builder builder(String url) {
    return new Builder(URI.create(url));
  }

  /** How the token travels, when there is one. */
  public Credentials credentials() {
    return userToken == null ? Credentials.none() : Credentials.bearerHeader(userToken);
  }

  /** The assistant keepalive: {@code {"type":"ping"}} every {@code interval}, a {@code pong} within {@code timeout}. */
  public static Keepalive pings(Duration interval, Duration timeout) {
    return Keepalive.json(interval, timeout, seq -> Json.object().put("type", "ping"),
        (msg, seq) -> "pong".equals(msg.path("type").asText()));
  }

  /** Builds {@link AssistantOptions}; not thread-safe. */
  public static final class Builder extends UserTokenOptionsBuilder<Builder> {
    private final URI url;
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder(URI url) {
      super(URI::create, pings(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT), SEED_BACKOFF);
      this.url = url;
    }

    /** The seed's backoff with another number of retries ({@link Backoff#FOREVER}: never give up). */
    public Builder maxReconnectAttempts(int attempts) {
      return backoff(backoff().withMaxRetries(attempts));
    }

    /** Assistant pings every {@code interval}, pong within {@code timeout} (see {@link #pings}). */
    public Builder keepalive(Duration interval, Duration timeout) {
      return keepalive(pings(interval, timeout));
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public AssistantOptions build() {
      return new AssistantOptions(url, userToken(), backoff(), keepalive(), requestTimeout, connectTimeout(),
          maxQueuedMessages(), callbackExecutor(), alternateUrls());
    }
  }
}
