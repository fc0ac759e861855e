package io.switchboard.core.broker;

import io.vertx.core.Future;

/**
 * Publish to a topic, deliver to every local subscriber of it anywhere in the cluster. Every
 * cross-connection delivery goes through here, even on one node, so running a cluster swaps this
 * implementation and nothing else.
 */
public interface Broker {
  /** Subscribes a local receiver; the returned handle removes it. */
  Subscription subscribe(String topic, Receiver receiver);

  /** Publishes to every subscriber of the topic but the excluded one. */
  Future<Void> publish(String topic, Delivery delivery);

  /**
   * Publishes like {@link #publish} and tells whether the message reached at least one receiver
   * anywhere. True when a receiver of this node other than the excluded one got it, or when
   * another node was subscribed to the topic when the backend handled the publish.
   *
   * <p>The answer may err towards true, never towards false: a receiver whose subscription was
   * {@link Subscription#ready() ready} before the publish is always counted; a node whose only
   * receiver is the excluded one, or one that is just leaving the topic, is counted too (the
   * backend counts nodes, not receivers). So false means nobody can have received the message,
   * and a caller may safely treat it as undelivered.
   */
  Future<Boolean> publishReached(String topic, Delivery delivery);

  /** A subscription that can be cancelled once. */
  interface Subscription {
    void cancel();

    /**
     * Completes once publishes from other nodes reach this subscription. Local publishes reach it
     * at once; a clustered engine needs a round trip to its backend first.
     */
    default Future<Void> ready() {
      return Future.succeededFuture();
    }
  }
}
