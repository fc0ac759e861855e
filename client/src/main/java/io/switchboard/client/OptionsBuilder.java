package io.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The settings every options builder of the client has: alternate endpoints, keepalive, the send
 * queue's bound, the connect timeout and the callback executor. Each setter returns the builder it
 * was called on ({@code B}), so the calls chain with the options' own. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class OptionsBuilder<B extends OptionsBuilder<B>> {
  private final Function<String, URI> endpoint;
  private final List<URI> alternateUrls = new ArrayList<>();
  private Keepalive keepalive;
  private int maxQueuedMessages = 1000;
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Executor callbackExecutor;

  /**
   * @param endpoint turns a URL as the options' {@code builder} takes it into the endpoint used
   * @param keepalive the options' default keepalive
   */
  protected OptionsBuilder(Function<String, URI> endpoint, Keepalive keepalive) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.keepalive = keepalive;
  }

  /**
   * Adds another endpoint of the same service (another node of a cluster), written the way the
   * options' {@code builder} takes its URL; the options' {@code alternateUrls} say how it is used.
   * Attempts go to the URL first, then to the alternates in the order added, round robin.
   */
  public B alternateUrl(String url) {
    alternateUrls.add(endpoint.apply(url));
    return self();
  }

  /** How the connection is kept alive and a dead one noticed; each options class has its own default. */
  public B keepalive(Keepalive keepalive) {
    this.keepalive = keepalive;
    return self();
  }

  /** Messages kept while disconnected; one more fails with {@link SendQueueFullException} (default 1000). */
  public B maxQueuedMessages(int max) {
    this.maxQueuedMessages = max;
    return self();
  }

  /** Bound on one connection attempt, its handshake included (default 10 s). */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return self();
  }

  /** Where handlers, listeners and futures run; null (the default): threads the client owns. */
  public B callbackExecutor(Executor executor) {
    this.callbackExecutor = executor;
    return self();
  }

  /** The alternate endpoints so far, in order; the list itself, for the builder to add to or replace. */
  protected final List<URI> alternateUrls() {
    return alternateUrls;
  }

  protected final Keepalive keepalive() {
    return keepalive;
  }

  protected final int maxQueuedMessages() {
    return maxQueuedMessages;
  }

  protected final Duration connectTimeout() {
    return connectTimeout;
  }

  protected final Executor callbackExecutor() {
    return callbackExecutor;
  }

  /** This builder as its concrete type, for the setters to return. */
  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }
}
