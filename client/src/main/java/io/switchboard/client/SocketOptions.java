package io.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Immutable configuration of a {@link SwitchboardSocket}; build it with {@link #builder(String)}.
 *
 * @param url {@code ws://} or {@code wss://} URL of the endpoint; the first connection attempt goes here
 * @param alternateUrls more endpoints of the same service (other nodes of a cluster), tried in turn
 *     when a connection fails or is lost: after a failed attempt or a lost connection the next attempt
 *     goes to the next endpoint of {@link #endpoints()} ({@code url}, then these, then {@code url}
 *     again: round robin), after the usual {@code backoff} delay; a successful connection resets the
 *     backoff as with one endpoint, and the socket stays on the endpoint it reached. Credentials,
 *     headers and the handshake apply to every endpoint exactly as to {@code url}; each endpoint keeps
 *     its own path and query. Default none.
 * @param credentials how the credential is presented (default none)
 * @param headers extra headers sent at the upgrade
 * @param backoff reconnect delays and how many retries (default 500 ms .. 30 s, forever)
 * @param keepalive pings and pong deadline (default WebSocket ping frames, 30 s / 5 s)
 * @param handshake in-band steps on every new connection (default none)
 * @param maxQueuedMessages messages kept while disconnected; one more fails with
 *     {@link SendQueueFullException} (default 1000)
 * @param requestTimeout default timeout of {@code request} (default 10 s)
 * @param requestIdField the field carrying a request's correlation id (default {@code id})
 * @param connectTimeout bound on one attempt: token, upgrade and handshake (default 10 s)
 * @param maxMessageBytes largest message or frame accepted from the server (default 1 MiB)
 * @param callbackExecutor where handlers, listeners and futures run; null means the socket creates
 *     (and on close shuts down) a pool of daemon threads of its own
 */
public record SocketOptions(URI url, List<URI> alternateUrls, Credentials credentials, Map<String, String> headers,
    Backoff backoff, Keepalive keepalive, Handshake handshake, int maxQueuedMessages, Duration requestTimeout,
    String requestIdField, Duration connectTimeout, int maxMessageBytes, Executor callbackExecutor) {

  public SocketOptions {
    webSocketUrl(url, "url");
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
    alternateUrls.forEach(u -> webSocketUrl(u, "alternateUrls"));
    headers = Map.copyOf(headers);
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(handshake, "handshake");
    Objects.requireNonNull(requestIdField, "requestIdField");
    positive(requestTimeout, "requestTimeout");
    positive(connectTimeout, "connectTimeout");
    if (maxQueuedMessages < 0 || maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxQueuedMessages >= 0 and maxMessageBytes > 0 required");
    }
  }

  private static void webSocketUrl(URI url, String name) {
    Objects.requireNonNull(url, name);
    String scheme = url.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException(name + " must be ws:// or wss://");
    }
  }

  /** Every endpoint in the order attempts go round them: {@code url} first, then the alternates. */
  public List<URI> endpoints() {
    List<URI> all = new ArrayList<>(1 + alternateUrls.size());
    all.add(url);
    all.addAll(alternateUrls);
    return List.copyOf(all);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public static Builder builder(String url) {
    return new Builder(URI.create(url));
  }

  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(url).alternateUrls(alternateUrls).credentials(credentials).backoff(backoff)
        .keepalive(keepalive).handshake(handshake).maxQueuedMessages(maxQueuedMessages).requestTimeout(requestTimeout)
        .requestIdField(requestIdField).connectTimeout(connectTimeout).maxMessageBytes(maxMessageBytes)
        .callbackExecutor(callbackExecutor);
    headers.forEach(b::header);
    return b;
  }

  /** Builds {@link SocketOptions}; not thread-safe (build, then share the immutable result). */
  public static final class Builder extends BackoffOptionsBuilder<Builder> {
    private URI url;
    private Credentials credentials = Credentials.none();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Handshake handshake = Handshake.NONE;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private String requestIdField = "id";
    private int maxMessageBytes = 1024 * 1024;

    private Builder(URI url) {
      super(URI::create, Keepalive.frames(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT), Backoff.defaults());
      this.url = url;
    }

    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** Adds an endpoint tried after {@code url} and the alternates added before it (see {@link SocketOptions}). */
    public Builder alternateUrl(URI url) {
      alternateUrls().add(url);
      return this;
    }

    /** Replaces the alternate endpoints (see {@link SocketOptions}). */
    public Builder alternateUrls(List<URI> urls) {
      alternateUrls().clear();
      alternateUrls().addAll(urls);
      return this;
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder handshake(Handshake handshake) {
      this.handshake = handshake;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder requestIdField(String field) {
      this.requestIdField = field;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public SocketOptions build() {
      return new SocketOptions(url, alternateUrls(), credentials, headers, backoff(), keepalive(), handshake,
          maxQueuedMessages(), requestTimeout, requestIdField, connectTimeout(), maxMessageBytes, callbackExecutor());
    }
  }
}
