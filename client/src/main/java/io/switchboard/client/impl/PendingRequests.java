package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.RequestTimeoutException;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Requests waiting for their reply: by correlation id, or by a predicate tried in the order the
 * requests were made. Each has a timer; a request leaves on reply, timeout, a lost connection (once
 * written), or close. Touched only on the socket's context; {@link #size()} may be read anywhere.
 */
final class PendingRequests {
  /** One waiting request. */
  static final class Pending {
    final String id;
    final Predicate<JsonNode> match;
    final CompletableFuture<JsonNode> future;
    final boolean ordered;
    final String what;
    long timer = -1;
    boolean written;
    boolean done;

    Pending(String id, Predicate<JsonNode> match, CompletableFuture<JsonNode> future, boolean ordered, String what) {
      this.id = id;
      this.match = match;
      this.future = future;
      this.ordered = ordered;
      this.what = what;
    }
  }

  private final Vertx vertx;
  private final Callbacks callbacks;
  private final String idField;
  private final Map<String, Pending> byId = new HashMap<>();
  private final Set<Pending> byMatch = new LinkedHashSet<>();
  private volatile int size;

  PendingRequests(Vertx vertx, Callbacks callbacks, String idField) {
    this.vertx = vertx;
    this.callbacks = callbacks;
    this.idField = idField;
  }

  /**
   * Registers a request. With {@code ordered}, its future completes on the ordered callback thread
   * after the handlers of the reply have run (for handshakes); otherwise on the pool.
   */
  Pending add(String id, Predicate<JsonNode> match, Duration timeout, boolean ordered, String what,
      CompletableFuture<JsonNode> future) {
    Pending p = new Pending(id, match, future, ordered, what);
    if (id != null) {
      Pending previous = byId.put(id, p);
      if (previous != null) {
        byId.put(id, previous);
        throw new IllegalArgumentException("a request with " + idField + "=" + id + " is already pending");
      }
    } else {
      byMatch.add(p);
    }
    size++;
    p.timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      p.timer = -1;
      finish(p, null, new RequestTimeoutException(timeout, what));
    });
    return p;
  }

  /** Completes the request this message answers, if any; returns whether one was found. */
  boolean offer(JsonNode msg) {
    JsonNode id = msg.get(idField);
    if (id != null && id.isValueNode() && !byId.isEmpty()) {
      Pending p = byId.get(id.asText());
      if (p != null) {
        reply(p, msg);
        return true;
      }
    }
    for (Iterator<Pending> it = byMatch.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (matches(p, msg)) {
        reply(p, msg);
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Pending p, JsonNode msg) {
    try {
      return p.match.test(msg);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void reply(Pending p, JsonNode msg) {
    ServerError error = ServerError.fromMessage(msg);
    finish(p, error == null ? msg : null, error == null ? null : new ServerErrorException(error));
  }

  /** Fails every request already written to the connection that was just lost. */
  void failWritten(Throwable cause) {
    for (Pending p : snapshot()) {
      if (p.written) {
        finish(p, null, cause);
      }
    }
  }

  void failAll(Throwable cause) {
    for (Pending p : snapshot()) {
      finish(p, null, cause);
    }
  }

  /** Removes a request and completes its future; a no-op when it already left. */
  void finish(Pending p, JsonNode reply, Throwable failure) {
    if (p.done) {
      return;
    }
    p.done = true;
    if (p.id != null) {
      byId.remove(p.id);
    } else {
      byMatch.remove(p);
    }
    size--;
    if (p.timer >= 0) {
      vertx.cancelTimer(p.timer);
      p.timer = -1;
    }
    Runnable complete = () -> {
      if (failure == null) {
        p.future.complete(reply);
      } else {
        p.future.completeExceptionally(failure);
      }
    };
    if (p.ordered) {
      callbacks.ordered(complete);
    } else {
      callbacks.run(complete);
    }
  }

  private List<Pending> snapshot() {
    List<Pending> all = new ArrayList<>(byId.values());
    all.addAll(byMatch);
    return all;
  }

  int size() {
    return size;
  }
}
