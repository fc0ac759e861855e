package io.switchboard.client;

import java.net.URI;
import java.util.function.Function;

/**
 * An {@link OptionsBuilder} whose options take the reconnect policy as one {@link Backoff}.
 *
 * @param <B> the concrete builder
 */
public abstract class BackoffOptionsBuilder<B extends BackoffOptionsBuilder<B>> extends OptionsBuilder<B> {
  private Backoff backoff;

  /**
   * @param endpoint turns a URL as the options' {@code builder} takes it into the endpoint used
   * @param keepalive the options' default keepalive
   * @param backoff the options' default reconnect policy
   */
  protected BackoffOptionsBuilder(Function<String, URI> endpoint, Keepalive keepalive, Backoff backoff) {
    super(endpoint, keepalive);
    this.backoff = backoff;
  }

  /** Reconnect delays and how many retries; each options class has its own default. */
  public B backoff(Backoff backoff) {
    this.backoff = backoff;
    return self();
  }

  protected final Backoff backoff() {
    return backoff;
  }
}
