package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ClientClosedException;
import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.NotConnectedException;
import io.switchboard.client.SendQueueFullException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Everything the application sends: straight to the connection while connected, into the bounded
 * {@link Outbox} otherwise, flushed in order when the next connection is ready. Requests register in
 * {@link PendingRequests} before their message leaves. Touched only on the socket's context.
 */
final class Outbound {
  private final Callbacks callbacks;
  private final PendingRequests pending;
  private final Outbox outbox;
  private WebSocket connected;

  Outbound(Callbacks callbacks, PendingRequests pending, Outbox outbox) {
    this.callbacks = callbacks;
    this.pending = pending;
    this.outbox = outbox;
  }

  /** The connection is ready (past its handshake): write what was queued, then send directly. */
  void attach(WebSocket ws) {
    connected = ws;
    for (Outbox.Entry e : outbox.drain()) {
      write(e);
    }
  }

  /** Not connected any more: queue from now on. */
  void detach() {
    connected = null;
  }

  /** {@code send}: write now, or queue unless the socket is closed or gave up. */
  void send(Outbox.Entry e, ConnectionState state) {
    if (connected != null) {
      write(e);
    } else if (state.isTerminal()) {
      fail(e, notConnected(state));
    } else if (!outbox.offer(e)) {
      fail(e, new SendQueueFullException(outbox.capacity()));
    }
  }

  /** {@code trySend}: write now or fail. */
  void sendNow(Outbox.Entry e, ConnectionState state) {
    if (connected != null) {
      write(e);
    } else {
      fail(e, notConnected(state));
    }
  }

  void sendBinary(Buffer data, CompletableFuture<Void> written, ConnectionState state) {
    if (connected != null) {
      watch(connected.writeBinaryMessage(data), written);
    } else {
      callbacks.fail(written, notConnected(state));
    }
  }

  /** Registers a request and sends its message (queued when {@code queue} allows). */
  void request(JsonNode message, String text, String id, Predicate<JsonNode> isReply, Duration timeout,
      String what, CompletableFuture<JsonNode> reply, boolean queue, ConnectionState state) {
    if (state.isTerminal() || (!queue && connected == null)) {
      callbacks.fail(reply, notConnected(state));
      return;
    }
    PendingRequests.Pending p;
    try {
      p = pending.add(id, isReply, timeout, false, what, reply);
    } catch (IllegalArgumentException duplicate) {
      callbacks.fail(reply, duplicate);
      return;
    }
    send(new Outbox.Entry(message, text, null, p), state);
  }

  /** Fails (instead of sending) the queued messages that match. */
  int discard(Predicate<JsonNode> which, Throwable cause) {
    List<Outbox.Entry> dropped = outbox.remove(which);
    dropped.forEach(e -> fail(e, cause));
    return dropped.size();
  }

  /** Fails everything queued and every pending request (the socket gave up or closed). */
  void failAll(Throwable cause) {
    for (Outbox.Entry e : outbox.drain()) {
      fail(e, cause);
    }
    pending.failAll(cause);
  }

  static RuntimeException notConnected(ConnectionState state) {
    return state == ConnectionState.CLOSED ? new ClientClosedException() : new NotConnectedException(state);
  }

  /** Writes to the connection; a queued request that already timed out is skipped. */
  private void write(Outbox.Entry e) {
    if (e.request() != null) {
      if (e.request().done) {
        return;
      }
      e.request().written = true;
    }
    Future<Void> f = connected.writeTextMessage(e.text());
    if (e.written() != null) {
      watch(f, e.written());
    }
  }

  private void watch(Future<Void> write, CompletableFuture<Void> written) {
    write.onComplete(ar -> {
      if (ar.succeeded()) {
        callbacks.complete(written, null);
      } else {
        callbacks.fail(written, new ConnectionLostException("write failed: " + ar.cause().getMessage()));
      }
    });
  }

  private void fail(Outbox.Entry e, Throwable cause) {
    if (e.written() != null) {
      callbacks.fail(e.written(), cause);
    }
    if (e.request() != null) {
      pending.finish(e.request(), null, cause);
    }
  }
}
