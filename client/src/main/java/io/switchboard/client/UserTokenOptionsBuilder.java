package io.switchboard.client;

import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link BackoffOptionsBuilder} whose options authenticate with a user JWT; the options'
 * {@code userToken} says when it is asked for and how it travels.
 *
 * @param <B> the concrete builder
 */
public abstract class UserTokenOptionsBuilder<B extends UserTokenOptionsBuilder<B>> extends BackoffOptionsBuilder<B> {
  private Supplier<? extends CompletionStage<String>> userToken;

  /**
   * @param endpoint turns a URL as the options' {@code builder} takes it into the endpoint used
   * @param keepalive the options' default keepalive
   * @param backoff the options' default reconnect policy
   */
  protected UserTokenOptionsBuilder(Function<String, URI> endpoint, Keepalive keepalive, Backoff backoff) {
    super(endpoint, keepalive, backoff);
  }

  /** A user JWT that does not change. */
  public B userToken(String jwt) {
    return userToken(Credentials.fixed(jwt));
  }

  /**
   * Supplies the user JWT each time one is needed; called on a callback thread, it may block or
   * return a pending stage.
   */
  public B userToken(Supplier<? extends CompletionStage<String>> supplier) {
    this.userToken = supplier;
    return self();
  }

  protected final Supplier<? extends CompletionStage<String>> userToken() {
    return userToken;
  }
}
