package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.SocketOptions;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The public face of a socket. Calls hop onto the socket's Vert.x context, where {@link Lifecycle}
 * and {@link Outbound} keep all mutable state, and return futures at once; results and callbacks
 * leave through {@link Callbacks}, never on the event loop.
 */
public final class SocketImpl implements SwitchboardSocket {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final SocketOptions options;
  private final Callbacks callbacks;
  private final Dispatcher dispatcher;
  private final PendingRequests pending;
  private final Outbox outbox;
  private final Outbound outbound;
  private final Lifecycle lifecycle;
  private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private SocketImpl(Vertx vertx, boolean ownsVertx, SocketOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.callbacks = Callbacks.create(options.callbackExecutor());
    this.dispatcher = new Dispatcher(callbacks);
    this.pending = new PendingRequests(vertx, callbacks, options.requestIdField());
    this.outbox = new Outbox(options.maxQueuedMessages());
    this.outbound = new Outbound(callbacks, pending, outbox);
    this.lifecycle = new Lifecycle(vertx, options, callbacks, dispatcher, pending, outbound);
  }

  /** A socket on {@code vertx}, or on a small Vert.x instance of its own when null. */
  public static SocketImpl create(Vertx vertx, SocketOptions options) {
    if (vertx != null) {
      return new SocketImpl(vertx, false, options);
    }
    return new SocketImpl(Callbacks.smallVertx(), true, options);
  }

  @Override
  public CompletableFuture<Void> connect() {
    CompletableFuture<Void> result = new CompletableFuture<>();
    lifecycle.onContext(() -> lifecycle.connect(result));
    return result;
  }

  // ---- sending ------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Void> send(JsonNode message) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    Outbox.Entry e = new Outbox.Entry(message, Json.write(message), written, null);
    lifecycle.onContext(() -> outbound.send(e, lifecycle.state()));
    return written;
  }

  @Override
  public CompletableFuture<Void> trySend(JsonNode message) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    Outbox.Entry e = new Outbox.Entry(message, Json.write(message), written, null);
    lifecycle.onContext(() -> outbound.sendNow(e, lifecycle.state()));
    return written;
  }

  @Override
  public CompletableFuture<Void> sendBinary(byte[] data) {
    Buffer copy = Buffer.buffer(data.clone());
    CompletableFuture<Void> written = new CompletableFuture<>();
    lifecycle.onContext(() -> outbound.sendBinary(copy, written, lifecycle.state()));
    return written;
  }

  @Override
  public CompletableFuture<JsonNode> request(ObjectNode message) {
    return request(message, options.requestTimeout());
  }

  @Override
  public CompletableFuture<JsonNode> request(ObjectNode message, Duration timeout) {
    String field = options.requestIdField();
    JsonNode id = message.get(field);
    if (id == null || id.isNull() || !id.isValueNode()) {
      message.put(field, idPrefix + ids.incrementAndGet());
    }
    return submit(message, message.get(field).asText(), null, timeout, true);
  }

  @Override
  public CompletableFuture<JsonNode> request(JsonNode message, Predicate<JsonNode> isReply, Duration timeout) {
    return submit(message, null, isReply, timeout, true);
  }

  @Override
  public CompletableFuture<JsonNode> tryRequest(JsonNode message, Predicate<JsonNode> isReply, Duration timeout) {
    return submit(message, null, isReply, timeout, false);
  }

  private CompletableFuture<JsonNode> submit(JsonNode message, String id, Predicate<JsonNode> isReply,
      Duration timeout, boolean queue) {
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    String text = Json.write(message);
    String type = message.path("type").asText("message");
    String what = id == null ? type : type + " " + options.requestIdField() + "=" + id;
    lifecycle.onContext(
        () -> outbound.request(message, text, id, isReply, timeout, what, reply, queue, lifecycle.state()));
    return reply;
  }

  @Override
  public ConnectionState state() {
    return lifecycle.state();
  }

  @Override
  public Registration onStateChange(Consumer<StateChange> listener) {
    return dispatcher.onState(listener);
  }

  @Override
  public Registration on(String type, Consumer<JsonNode> handler) {
    return dispatcher.on(type, handler);
  }

  @Override
  public Registration onAny(Consumer<JsonNode> handler) {
    return dispatcher.onAny(handler);
  }

  @Override
  public Registration onBinary(Consumer<byte[]> handler) {
    return dispatcher.onBinary(handler);
  }

  @Override
  public int pendingRequests() {
    return pending.size();
  }

  @Override
  public int queuedMessages() {
    return outbox.size();
  }

  @Override
  public CompletableFuture<Void> close() {
    if (closing.compareAndSet(false, true)) {
      lifecycle.onContext(() -> lifecycle.close()
          .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture())
          .onComplete(ar -> {
            callbacks.complete(closed, null);
            callbacks.shutdown();
          }));
    }
    return closed;
  }

  @Override
  public String toString() {
    return "SwitchboardSocket[" + lifecycle.where() + ", " + lifecycle.state() + "]";
  }
}
