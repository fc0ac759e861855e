package io.switchboard.client.nexus;

import io.switchboard.client.Backoff;
import io.switchboard.client.Keepalive;
import io.switchboard.client.OptionsBuilder;
import io.switchboard.client.SocketSettings;
import io.switchboard.protocol.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Immutable configuration of a {@link NexusClient}; build it with
 * {@link #builder(String, NexusCredentials)}. The seed's {@code WebSocketConfig} maps onto it:
 * {@code url}, {@code apiKey} ({@link NexusCredentials}), {@code reconnectInterval},
 * {@code maxReconnectAttempts}.
 *
 * @param url the nexus WebSocket, e.g. {@code ws://localhost:8000/}
 * @param credentials how to authenticate (on every connection)
 * @param reconnectInterval the first retry's delay cap; each retry doubles it up to
 *     {@code maxReconnectDelay}, with full jitter (default 1 s)
 * @param maxReconnectDelay the cap no delay exceeds (default 30 s)
 * @param maxReconnectAttempts retries after a failed attempt or a lost connection before giving up
 *     ({@link Backoff#FOREVER}, the default, never gives up); a successful connection resets the count
 * @param keepalive default: {@code {"type":"ping","id"}} every 30 s, its {@code pong} within 5 s
 * @param requestTimeout how long an ask (or ping) waits for its reply (default 60 s, beyond the
 *     server's 30 s engine timeout, so that its {@code PROVIDER_TIMEOUT} arrives first)
 * @param connectTimeout bound on one attempt: upgrade and authentication (default 10 s)
 * @param maxQueuedMessages messages kept while disconnected; one more fails with
 *     {@link io.switchboard.client.SendQueueFullException} (default 1000)
 * @param callbackExecutor where handlers and futures run; null: a daemon pool owned by the client
 * @param alternateUrls more WebSocket URLs of the same hub (other nodes of a cluster), each given to
 *     {@code alternateUrl}; tried round robin after a failed attempt or a lost connection (see
 *     {@link io.switchboard.client.SocketOptions}); default none
 */
public record NexusOptions(URI url, NexusCredentials credentials, Duration reconnectInterval,
    Duration maxReconnectDelay, int maxReconnectAttempts, Keepalive keepalive, Duration requestTimeout,
    Duration connectTimeout, int maxQueuedMessages, Executor callbackExecutor, List<URI> alternateUrls)
    implements SocketSettings {

  public NexusOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(keepalive, "keepalive");
    positive(reconnectInterval, "reconnectInterval");
    positive(maxReconnectDelay, "maxReconnectDelay");
    positive(requestTimeout, "requestTimeout");
    positive(connectTimeout, "connectTimeout");
    if (maxReconnectDelay.compareTo(reconnectInterval) < 0) {
      maxReconnectDelay = reconnectInterval;
    }
    if (maxReconnectAttempts < Backoff.FOREVER || maxQueuedMessages < 0) {
      throw new IllegalArgumentException("maxReconnectAttempts >= 0 (or FOREVER) and maxQueuedMessages >= 0 required");
    }
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public static Builder builder(String url, NexusCredentials credentials) {
    return new Builder(URI.create(url), credentials);
  }

  /** The reconnect policy these options describe. */
  public Backoff backoff() {
    return new Backoff(reconnectInterval, maxReconnectDelay, maxReconnectAttempts);
  }

  /**
   * The nexus keepalive: {@code {"type":"ping","id":"keepalive-N","payload":{}}} every
   * {@code interval}, answered by a {@code pong} with the same id within {@code timeout}.
   */
  public static Keepalive pings(Duration interval, Duration timeout) {
    return Keepalive.json(interval, timeout, seq -> {
      var ping = Json.object().put("type", "ping").put("id", "keepalive-" + seq);
      ping.putObject("payload");
      return ping;
    }, (msg, seq) -> "pong".equals(msg.path("type").asText()) && ("keepalive-" + seq).equals(msg.path("id").asText()));
  }

  /** Builds {@link NexusOptions}; not thread-safe. */
  public static final class Builder extends OptionsBuilder<Builder> {
    private final URI url;
    private final NexusCredentials credentials;
    private Duration reconnectInterval = Duration.ofSeconds(1);
    private Duration maxReconnectDelay = Duration.ofSeconds(30);
    private int maxReconnectAttempts = Backoff.FOREVER;
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder(URI url, NexusCredentials credentials) {
      super(URI::create, pings(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT));
      this.url = url;
      this.credentials = credentials;
    }

    public Builder reconnectInterval(Duration interval) {
      this.reconnectInterval = interval;
      return this;
    }

    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = delay;
      return this;
    }

    /** Retries before giving up; {@link Backoff#FOREVER} never gives up. */
    public Builder maxReconnectAttempts(int attempts) {
      this.maxReconnectAttempts = attempts;
      return this;
    }

    /** Nexus pings every {@code interval}, pong within {@code timeout} (see {@link #pings}). */
    public Builder keepalive(Duration interval, Duration timeout) {
      return keepalive(pings(interval, timeout));
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public NexusOptions build() {
      return new NexusOptions(url, credentials, reconnectInterval, maxReconnectDelay, maxReconnectAttempts,
          keepalive(), requestTimeout, connectTimeout(), maxQueuedMessages(), callbackExecutor(), alternateUrls());
    }
  }
}
