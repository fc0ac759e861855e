package io.switchboard.client.pairing;

import io.switchboard.client.Backoff;
import io.switchboard.client.Credentials;
import io.switchboard.client.Keepalive;
import io.switchboard.client.UserTokenOptionsBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Immutable configuration of a {@link PairingClient}; build it with {@link #builder(String, DeviceRole)}.
 *
 * @param baseUrl the pairing listener, e.g. {@code http://localhost:8089}
 * @param wsUrl the WebSocket, by default {@code ws://<same host and port>/ws}
 * @param role desktop or mobile
 * @param sessionId this device's session id (default: role + random UUID); keep it stable across
 *     restarts of the app if it should rejoin the same pair
 * @param userAgent sent in {@code identify} (may be null)
 * @param userToken the user's JWT from the application's identity provider, fetched for every REST
 *     call (so it may be refreshed); it buys a fresh WS token before every connection attempt
 * @param tokenPlacement how the WS token travels: {@code QUERY} ({@code ?token=}, default),
 *     {@code HEADER} (Authorization: Bearer) or {@code SUBPROTOCOL} ({@code Bearer.<token>})
 * @param backoff reconnect delays (default 500 ms .. 30 s, forever)
 * @param keepalive default JSON ping every 30 s, pong within 5 s
 * @param maxQueuedMessages messages kept while disconnected (default 1000)
 * @param requestTimeout timeout of REST calls, joins and pings (default 10 s)
 * @param connectTimeout bound on one connection attempt including identify and rejoin (default 10 s)
 * @param callbackExecutor where events and futures run; null: a daemon pool owned by the client
 * @param alternateUrls the pairing listeners of other nodes of the same cluster, each given to
 *     {@code alternateUrl} as {@link #builder(String, DeviceRole)} takes its URL, e.g.
 *     {@code http://node-b:8089}; their WebSockets are {@code wsUrl}'s path on their host and port
 *     ({@link #alternateWsUrls()}). The socket tries them round robin after a failed attempt or a
 *     lost connection (see {@link io.switchboard.client.SocketOptions}); a REST call (the WS token
 *     before each attempt included) that cannot connect to its node is sent to the next one. Default none.
 */
public record PairingOptions(URI baseUrl, URI wsUrl, DeviceRole role, String sessionId, String userAgent,
    Supplier<? extends CompletionStage<String>> userToken, Credentials.Placement tokenPlacement, Backoff backoff,
    Keepalive keepalive, int maxQueuedMessages, Duration requestTimeout, Duration connectTimeout,
    Executor callbackExecutor, List<URI> alternateUrls) {

  public PairingOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(userToken, "userToken");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (tokenPlacement == null || tokenPlacement == Credentials.Placement.NONE) {
      throw new IllegalArgumentException("tokenPlacement must be QUERY, HEADER or SUBPROTOCOL");
    }
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 128) {
      throw new IllegalArgumentException("sessionId must be 1 to 128 characters");
    }
    if (wsUrl == null) {
      String scheme = "https".equals(baseUrl.getScheme()) ? "wss" : "ws";
      wsUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + "/ws");
    }
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  /** The WebSocket of each alternate node: {@code wsUrl}'s path and query on that node's host and port. */
  public List<URI> alternateWsUrls() {
    String tail = wsUrl.getRawPath() + (wsUrl.getRawQuery() == null ? "" : "?" + wsUrl.getRawQuery());
    return alternateUrls.stream()
        .map(base -> ("https".equals(base.getScheme()) ? "wss" : "ws") + "://" + base.getRawAuthority() + tail)
        .map(URI::create)
        .toList();
  }

  public static Builder builder(String baseUrl, DeviceRole role) {
    return new Builder(URI.create(baseUrl), role);
  }

  /** Builds {@link PairingOptions}; not thread-safe. */
  public static final class Builder extends UserTokenOptionsBuilder<Builder> {
    private final URI baseUrl;
    private final DeviceRole role;
    private URI wsUrl;
    private String sessionId;
    private String userAgent;
    private Credentials.Placement tokenPlacement = Credentials.Placement.QUERY;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder(URI baseUrl, DeviceRole role) {
      super(URI::create, Keepalive.json(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT), Backoff.defaults());
      this.baseUrl = baseUrl;
      this.role = role;
      this.sessionId = role.wire() + "-" + UUID.randomUUID();
    }

    public Builder wsUrl(String url) {
      this.wsUrl = URI.create(url);
      return this;
    }

    public Builder sessionId(String id) {
      this.sessionId = id;
      return this;
    }

    public Builder userAgent(String agent) {
      this.userAgent = agent;
      return this;
    }

    public Builder tokenPlacement(Credentials.Placement placement) {
      this.tokenPlacement = placement;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public PairingOptions build() {
      return new PairingOptions(baseUrl, wsUrl, role, sessionId, userAgent, userToken(), tokenPlacement, backoff(),
          keepalive(), maxQueuedMessages(), requestTimeout, connectTimeout(), callbackExecutor(), alternateUrls());
    }
  }
}
