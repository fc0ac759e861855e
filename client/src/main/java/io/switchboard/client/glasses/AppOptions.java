package io.switchboard.client.glasses;

import io.switchboard.client.Backoff;
import io.switchboard.client.BackoffOptionsBuilder;
import io.switchboard.client.Keepalive;
import io.switchboard.client.SocketSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Immutable configuration of an {@link AppClient}: one app in one user session. Build it from the
 * webhook's {@link SessionRequest} with {@link #builder(SessionRequest, String, String)}.
 *
 * @param url the app WebSocket: the session request's URL, or {@code ws://host:8000/tpa-ws}
 * @param sessionId the app session id, {@code <userSessionId>-<packageName>}
 * @param userId the user, when known (from the session request); may be null
 * @param packageName the app's package name
 * @param apiKey the app's API key (never logged, nor shown by {@link #toString()})
 * @param backoff reconnect delays after a lost connection (default 500 ms .. 30 s, forever)
 * @param keepalive default WebSocket ping frames every 30 s, pong within 5 s
 * @param maxQueuedMessages messages kept while disconnected (default 1000)
 * @param ackTimeout how long {@code tpa_connection_init} waits for its answer (default 10 s)
 * @param connectTimeout bound on one connection attempt, ack included (default 10 s)
 * @param callbackExecutor where handlers and futures run; null: daemon threads owned by the client
 * @param alternateUrls more WebSocket URLs of the same hub (other nodes of a cluster), each given to
 *     {@code alternateUrl} as {@link #builder(String, String, String, String)} takes its URL; tried round
 *     robin after a failed attempt or a lost connection (see {@link io.switchboard.client.SocketOptions});
 *     default none
 */
public record AppOptions(URI url, String sessionId, String userId, String packageName, String apiKey,
    Backoff backoff, Keepalive keepalive, int maxQueuedMessages, Duration ackTimeout, Duration connectTimeout,
    Executor callbackExecutor, List<URI> alternateUrls) implements SocketSettings {

  public AppOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  /** Options for the session a webhook asked for: its URL, session id and user. */
  public static Builder builder(SessionRequest request, String packageName, String apiKey) {
    return new Builder(request.webSocketUrl(), request.sessionId(), request.userId(), packageName, apiKey);
  }

  /**
   * Options for an app session id at the hub's {@code url}: {@code http(s)://host:port} (the socket is
   * then {@code ws(s)://host:port/tpa-ws}) or the WebSocket URL itself.
   */
  public static Builder builder(String url, String sessionId, String packageName, String apiKey) {
    return new Builder(socket(url), sessionId, null, packageName, apiKey);
  }

  /** The app WebSocket of a hub URL as {@link #builder(String, String, String, String)} takes it. */
  private static URI socket(String url) {
    return Endpoints.socket(url, "/tpa-ws");
  }

  @Override
  public String toString() {
    return "AppOptions[" + packageName + " in " + sessionId + " at " + url.getScheme() + "://" + url.getRawAuthority()
        + url.getRawPath() + "]";
  }

  /** Builds {@link AppOptions}; not thread-safe. */
  public static final class Builder extends BackoffOptionsBuilder<Builder> {
    private final URI url;
    private final String sessionId;
    private final String userId;
    private final String packageName;
    private final String apiKey;
    private Duration ackTimeout = Duration.ofSeconds(10);

    private Builder(URI url, String sessionId, String userId, String packageName, String apiKey) {
      super(AppOptions::socket, Keepalive.frames(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT),
          Backoff.defaults());
      this.url = url;
      this.sessionId = sessionId;
      this.userId = userId;
      this.packageName = packageName;
      this.apiKey = apiKey;
    }

    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = timeout;
      return this;
    }

    public AppOptions build() {
      return new AppOptions(url, sessionId, userId, packageName, apiKey, backoff(), keepalive(), maxQueuedMessages(),
          ackTimeout, connectTimeout(), callbackExecutor(), alternateUrls());
    }
  }
}
