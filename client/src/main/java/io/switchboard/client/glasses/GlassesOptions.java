package io.switchboard.client.glasses;

import io.switchboard.client.Backoff;
import io.switchboard.client.Credentials;
import io.switchboard.client.Credentials.Placement;
import io.switchboard.client.Keepalive;
import io.switchboard.client.SocketSettings;
import io.switchboard.client.UserTokenOptionsBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Immutable configuration of a {@link GlassesClient}; build it with {@link #builder(String)}.
 *
 * @param url the glasses WebSocket, {@code ws://host:8000/glasses-ws}
 * @param userToken supplies the user JWT, asked for before every connection attempt (so it may be
 *     refreshed); called on a callback thread, where it may block
 * @param tokenPlacement {@code HEADER} ({@code Authorization: Bearer}, default) or {@code QUERY} ({@code ?token=})
 * @param backoff reconnect delays (default 500 ms .. 30 s, forever)
 * @param keepalive default WebSocket ping frames every 30 s, pong within 5 s
 * @param maxQueuedMessages messages kept while disconnected (default 1000)
 * @param ackTimeout how long {@code connection_init} waits for {@code connection_ack} (default 10 s)
 * @param connectTimeout bound on one connection attempt, ack included (default 10 s)
 * @param callbackExecutor where listeners and futures run; null: daemon threads owned by the client
 * @param alternateUrls more WebSocket URLs of the same hub (other nodes of a cluster), each given to
 *     {@code alternateUrl} as {@link #builder(String)} takes its URL; tried round robin after a failed
 *     attempt or a lost connection (see {@link io.switchboard.client.SocketOptions}); default none
 */
public record GlassesOptions(URI url, Supplier<? extends CompletionStage<String>> userToken, Placement tokenPlacement,
    Backoff backoff, Keepalive keepalive, int maxQueuedMessages, Duration ackTimeout, Duration connectTimeout,
    Executor callbackExecutor, List<URI> alternateUrls) implements SocketSettings {

  public GlassesOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(userToken, "userToken");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (tokenPlacement != Placement.HEADER && tokenPlacement != Placement.QUERY) {
      throw new IllegalArgumentException("tokenPlacement must be HEADER or QUERY");
    }
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  /**
   * Options for the hub at {@code url}: {@code http(s)://host:port} (the socket is then
   * {@code ws(s)://host:port/glasses-ws}) or the WebSocket URL itself.
   */
  public static Builder builder(String url) {
    return new Builder(socket(url));
  }

  /** The glasses WebSocket of a hub URL as {@link #builder(String)} takes it. */
  private static URI socket(String url) {
    return Endpoints.socket(url, "/glasses-ws");
  }

  /** The user JWT, presented the way the options say. */
  public Credentials credentials() {
    return tokenPlacement == Placement.QUERY ? Credentials.queryToken(userToken) : Credentials.bearerHeader(userToken);
  }

  /** Builds {@link GlassesOptions}; not thread-safe. */
  public static final class Builder extends UserTokenOptionsBuilder<Builder> {
    private final URI url;
    private Placement tokenPlacement = Placement.HEADER;
    private Duration ackTimeout = Duration.ofSeconds(10);

    private Builder(URI url) {
      super(GlassesOptions::socket, Keepalive.frames(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT),
          Backoff.defaults());
      this.url = url;
    }

    public Builder tokenPlacement(Placement placement) {
      this.tokenPlacement = placement;
      return this;
    }

    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = timeout;
      return this;
    }

    public GlassesOptions build() {
      return new GlassesOptions(url, userToken(), tokenPlacement, backoff(), keepalive(), maxQueuedMessages(),
          ackTimeout, connectTimeout(), callbackExecutor(), alternateUrls());
    }
  }
}
