package io.switchboard.core.limits;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Event counters in fixed windows, shared by every node of a cluster: "failed pairing attempts of
 * this user in the current minute". A window of length L is [k·L, (k+1)·L) on the hub's clock, so
 * every node (and every key) switches to a new window at the same instant. The memory engine
 * counts for one node; the Redis engine counts for all nodes on one Redis.
 *
 * <p>Futures fail only when the backend cannot be reached; what a caller does then (refuse or let
 * through) is its own decision.
 */
public interface Counters {
  /** The counter called {@code name} with windows of {@code window}; one name, one window length. */
  Counter counter(String name, Duration window);

  /** One named counter: a count per key in the current window. */
  interface Counter {
    /** Records one event for the key; the count in the current window, this event included. */
    Future<Long> increment(String key);

    /** Takes back one event of the current window; the count never goes below zero. */
    Future<Void> decrement(String key);

    /** The count for the key in the current window. */
    Future<Long> count(String key);

    /** Milliseconds until the current window ends (and every count of this counter restarts at 0). */
    long millisUntilReset();
  }
}
