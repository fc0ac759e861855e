package io.switchboard.core.rpc;

import io.switchboard.core.error.Failure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for a reply, correlated by id. Each entry is removed on reply, on timeout and
 * on {@link #failAll}; the count is bounded, and a request over the bound fails at once.
 *
 * @param <T> the reply type
 */
public final class PendingRequests<T> {
  /** The failure code of a request whose reply did not come in time. */
  public static final String TIMEOUT = "TIMEOUT";
  /** The failure code of a request refused because too many are pending. */
  public static final String OVERLOADED = "OVERLOADED";

  private final Vertx vertx;
  private final int max;
  private final ConcurrentHashMap<String, Entry<T>> pending = new ConcurrentHashMap<>();

  private record Entry<T>(Promise<T> promise, long timer) {}

  public PendingRequests(Vertx vertx, int max) {
    this.vertx = vertx;
    this.max = max;
  }

  /** Waits for the reply to {@code id} for at most {@code timeout}. */
  public Future<T> await(String id, Duration timeout) {
    if (pending.size() >= max) {
      return Future.failedFuture(Failure.of(OVERLOADED, "Too many requests waiting for replies",
          Map.of("max_pending", max)).asException());
    }
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      Entry<T> e = pending.remove(id);
      if (e != null) {
        e.promise().tryFail(Failure.of(TIMEOUT, "No reply within " + timeout.toMillis() + " ms").asException());
      }
    });
    Entry<T> previous = pending.put(id, new Entry<>(promise, timer));
    if (previous != null) {
      vertx.cancelTimer(previous.timer());
      previous.promise().tryFail(Failure.of(OVERLOADED, "Superseded by a newer wait for the same id").asException());
    }
    return promise.future();
  }

  /** Completes the request; false when nobody waits for it (any more). */
  public boolean complete(String id, T reply) {
    Entry<T> e = pending.remove(id);
    if (e == null) {
      return false;
    }
    vertx.cancelTimer(e.timer());
    return e.promise().tryComplete(reply);
  }

  /** Fails every pending request (shutdown). */
  public void failAll(Failure failure) {
    for (String id : pending.keySet()) {
      Entry<T> e = pending.remove(id);
      if (e != null) {
        vertx.cancelTimer(e.timer());
        e.promise().tryFail(failure.asException());
      }
    }
  }

  public int size() {
    return pending.size();
  }
}
