package io.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Immutable configuration of a {@link SwitchboardSocket}; build it with {@link #builder(String)}.
 *
 * @param url {@code ws://} or {@code wss://} URL of the endpoint
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
public record SocketOptions(URI url, Credentials credentials, Map<String, String> headers, Backoff backoff,
    Keepalive keepalive, Handshake handshake, int maxQueuedMessages, Duration requestTimeout,
    String requestIdField, Duration connectTimeout, int maxMessageBytes, Executor callbackExecutor) {

  public SocketOptions {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException("url must be ws:// or wss://");
    }
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
    Builder b = new Builder(url).credentials(credentials).backoff(backoff).keepalive(keepalive)
        .handshake(handshake).maxQueuedMessages(maxQueuedMessages).requestTimeout(requestTimeout)
        .requestIdField(requestIdField).connectTimeout(connectTimeout).maxMessageBytes(maxMessageBytes)
        .callbackExecutor(callbackExecutor);
    headers.forEach(b::header);
    return b;
  }

  /** Builds {@link SocketOptions}; not thread-safe (build, then share the immutable result). */
  public static final class Builder {
    private URI url;
    private Credentials credentials = Credentials.none();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Backoff backoff = Backoff.defaults();
    private Keepalive keepalive = Keepalive.frames(Keepalive.DEFAULT_INTERVAL, Keepalive.DEFAULT_TIMEOUT);
    private Handshake handshake = Handshake.NONE;
    private int maxQueuedMessages = 1000;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private String requestIdField = "id";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxMessageBytes = 1024 * 1024;
    private Executor callbackExecutor;

    private Builder(URI url) {
      this.url = url;
    }

    public Builder url(URI url) {
      this.url = url;
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

    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    public Builder keepalive(Keepalive keepalive) {
      this.keepalive = keepalive;
      return this;
    }

    public Builder handshake(Handshake handshake) {
      this.handshake = handshake;
      return this;
    }

    public Builder maxQueuedMessages(int max) {
      this.maxQueuedMessages = max;
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

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = executor;
      return this;
    }

    public SocketOptions build() {
      return new SocketOptions(url, credentials, headers, backoff, keepalive, handshake, maxQueuedMessages,
          requestTimeout, requestIdField, connectTimeout, maxMessageBytes, callbackExecutor);
    }
  }
}
