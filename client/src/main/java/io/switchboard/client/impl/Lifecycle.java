package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ClientClosedException;
import io.switchboard.client.ConnectionFailedException;
import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.SocketOptions;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state machine: attempts, handshake, keepalive, loss, backoff, giving up, close.
 * Everything here runs on the socket's context ({@link #onContext}). Each attempt gets a new
 * generation number and callbacks of an older generation are ignored, so a late close or reply from
 * a dead connection can never disturb the current one. With several endpoints each failed attempt
 * or lost connection moves the next attempt to the next endpoint, round robin.
 */
final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  private static final int EARLY_LIMIT = 256;

  private final Vertx vertx;
  private final Context context;
  private final SocketOptions options;
  private final Callbacks callbacks;
  private final Dispatcher dispatcher;
  private final PendingRequests pending;
  private final Outbound outbound;
  private final Connector connector;
  private final List<URI> endpoints;
  private volatile int endpoint;
  private volatile ConnectionState state = ConnectionState.DISCONNECTED;

  private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
  private final List<String> early = new ArrayList<>();
  private WebSocket ws;
  private KeepaliveTask keepalive;
  private long generation;
  private int retry;
  private long retryTimer = -1;
  private long attemptTimer = -1;
  private boolean everConnected;

  Lifecycle(Vertx vertx, SocketOptions options, Callbacks callbacks, Dispatcher dispatcher, PendingRequests pending,
      Outbound outbound) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.callbacks = callbacks;
    this.dispatcher = dispatcher;
    this.pending = pending;
    this.outbound = outbound;
    this.connector = new Connector(vertx, context, options, callbacks);
    this.endpoints = options.endpoints();
  }

  ConnectionState state() {
    return state;
  }

  /** The endpoint of the current connection or attempt (or of the next one), for logs: no query. */
  String where() {
    return Connector.describe(endpoints.get(endpoint));
  }

  /** Joins the waiters for the next connection, starting an attempt unless one is under way. */
  void connect(CompletableFuture<Void> result) {
    if (state == ConnectionState.CONNECTED) {
      callbacks.complete(result, null);
    } else if (state == ConnectionState.CLOSED) {
      callbacks.fail(result, new ClientClosedException());
    } else {
      connectWaiters.add(result);
      if (state == ConnectionState.DISCONNECTED || state == ConnectionState.FAILED) {
        retry = 0;
        attempt();
      }
    }
  }

  private void attempt() {
    long gen = ++generation;
    retryTimer = -1;
    change(ConnectionState.CONNECTING, retry, null, null);
    attemptTimer = vertx.setTimer(options.connectTimeout().toMillis(), t -> {
      attemptTimer = -1;
      drop(gen, new SwitchboardClientException("not connected within " + options.connectTimeout().toMillis()
          + " ms (credentials, upgrade and handshake)"));
    });
    early.clear();
    URI target = endpoints.get(endpoint);
    LOG.debug("connecting to {}", Connector.describe(target));
    connector.dial(target, socket -> listen(gen, socket)).onComplete(ar -> onContext(() -> {
      if (gen != generation) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.failed()) {
        drop(gen, ar.cause());
      } else {
        opened(gen, ar.result());
      }
    }));
  }

  /**
   * Installs this attempt's handlers (they run on the socket's context, where the WebSocket was
   * created); they ignore everything once the attempt is superseded.
   */
  private void listen(long gen, WebSocket socket) {
    socket.textMessageHandler(text -> onContext(() -> onText(gen, text)));
    socket.binaryMessageHandler(data -> onContext(() -> {
      if (gen == generation && ws != null) {
        dispatcher.binary(data.getBytes());
      }
    }));
    socket.pongHandler(data -> onContext(() -> {
      if (gen == generation && keepalive != null) {
        keepalive.onPongFrame();
      }
    }));
    socket.exceptionHandler(e -> LOG.debug("socket error on {}: {}", where(), e.toString()));
    socket.closeHandler(v -> onContext(() -> drop(gen,
        ConnectionLostException.closed(socket.closeStatusCode(), socket.closeReason()))));
  }

  private void opened(long gen, WebSocket socket) {
    ws = socket;
    CompletionStage<Void> handshake;
    try {
      handshake = options.handshake().run(new HandshakeSession(this, gen, everConnected));
    } catch (RuntimeException e) {
      handshake = CompletableFuture.failedFuture(e);
    }
    List<String> arrivedFirst = List.copyOf(early);
    early.clear();
    arrivedFirst.forEach(text -> onText(gen, text));
    Future.fromCompletionStage(handshake, context).onComplete(ar -> {
      if (gen == generation && ar.succeeded()) {
        connected();
      } else if (gen == generation) {
        drop(gen, new SwitchboardClientException("handshake failed: " + ar.cause().getMessage(), ar.cause()));
      }
    });
  }

  private void connected() {
    cancelTimer(attemptTimer);
    attemptTimer = -1;
    retry = 0;
    everConnected = true;
    long gen = generation;
    keepalive = new KeepaliveTask(vertx, options.keepalive(), ws,
        reason -> drop(gen, new ConnectionLostException(reason), CloseCodes.HEARTBEAT_LOST));
    outbound.attach(ws);
    LOG.info("connected to {}", where());
    change(ConnectionState.CONNECTED, 0, null, null);
    keepalive.start();
    List<CompletableFuture<Void>> waiters = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiters.forEach(w -> callbacks.complete(w, null));
  }

  private void onText(long gen, String text) {
    if (gen != generation) {
      return;
    }
    if (ws == null) {
      // Arrived before the upgrade's future ran: kept until the handshake listens.
      if (early.size() < EARLY_LIMIT) {
        early.add(text);
      }
      return;
    }
    JsonNode msg = Json.parseOrNull(text);
    if (msg == null || !msg.isObject()) {
      LOG.warn("ignoring a message from {} that is not a JSON object ({} chars)", where(), text.length());
      return;
    }
    if (keepalive != null && keepalive.onMessage(msg)) {
      pending.offer(msg);
      return;
    }
    dispatcher.message(msg);
    pending.offer(msg);
  }

  /**
   * The connection of generation {@code gen} failed or was lost: forget it, fail the requests
   * written to it, and schedule the next attempt (or give up).
   */
  void drop(long gen, Throwable cause) {
    drop(gen, cause, CloseCodes.NORMAL);
  }

  private void drop(long gen, Throwable failure, short closeCode) {
    if (gen != generation || state == ConnectionState.CLOSED) {
      return;
    }
    Throwable cause = Callbacks.unwrap(failure);
    generation++;
    cancelTimer(attemptTimer);
    attemptTimer = -1;
    boolean wasConnected = state == ConnectionState.CONNECTED;
    releaseSocket(closeCode, "reconnecting");
    pending.failWritten(cause instanceof ConnectionLostException ? cause
        : new ConnectionLostException(String.valueOf(cause.getMessage())));
    if (wasConnected) {
      LOG.info("connection to {} lost: {}", where(), cause.getMessage());
    } else {
      LOG.debug("connection attempt to {} failed: {}", where(), cause.toString());
    }
    endpoint = (endpoint + 1) % endpoints.size();
    scheduleRetry(cause);
  }

  private void scheduleRetry(Throwable cause) {
    int next = retry + 1;
    if (!options.backoff().allows(next)) {
      giveUp(cause);
      return;
    }
    retry = next;
    Duration delay = options.backoff().delay(next, ThreadLocalRandom.current());
    change(ConnectionState.RECONNECTING, next, delay, cause);
    long gen = generation;
    retryTimer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
      if (gen == generation && state == ConnectionState.RECONNECTING) {
        attempt();
      }
    });
  }

  private void giveUp(Throwable cause) {
    ConnectionFailedException failure = new ConnectionFailedException(retry + 1, cause);
    LOG.warn("giving up on {}: {}", endpoints.size() == 1 ? where() : endpoints.size() + " endpoints",
        failure.getMessage());
    change(ConnectionState.FAILED, retry, null, failure);
    failEverything(failure);
  }

  private void failEverything(Throwable cause) {
    outbound.failAll(cause);
    List<CompletableFuture<Void>> waiters = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiters.forEach(w -> callbacks.fail(w, cause));
  }

  private void releaseSocket(short code, String reason) {
    outbound.detach();
    if (keepalive != null) {
      keepalive.stop();
      keepalive = null;
    }
    if (ws != null) {
      WebSocket old = ws;
      ws = null;
      if (!old.isClosed()) {
        old.close(code, reason);
      }
    }
  }

  private void change(ConnectionState next, int attempt, Duration delay, Throwable cause) {
    ConnectionState previous = state;
    state = next;
    LOG.debug("{}: {} -> {} (attempt {})", where(), previous, next, attempt);
    dispatcher.state(new StateChange(previous, next, attempt, delay, cause));
  }

  /** Runs on the socket's context: now when already there, else queued to it. */
  void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
      return;
    }
    try {
      context.runOnContext(v -> task.run());
    } catch (RejectedExecutionException e) {
      // The socket's own Vert.x is gone, so it is closed: nothing else runs any more, and the task
      // (whose only effect now is to fail its future) may run here.
      task.run();
    }
  }

  boolean current(long gen) {
    return gen == generation && ws != null;
  }

  WebSocket socket() {
    return ws;
  }

  PendingRequests pending() {
    return pending;
  }

  Callbacks callbacks() {
    return callbacks;
  }

  int discardQueued(Predicate<JsonNode> which, Throwable cause) {
    return outbound.discard(which, cause);
  }

  /** Stops for good; completes when the WebSocket client is closed. */
  Future<Void> close() {
    if (state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    generation++;
    cancelTimer(retryTimer);
    cancelTimer(attemptTimer);
    early.clear();
    releaseSocket(CloseCodes.NORMAL, "client closing");
    change(ConnectionState.CLOSED, 0, null, null);
    failEverything(new ClientClosedException());
    return connector.close();
  }

  private void cancelTimer(long id) {
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }
}
