package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.impl.SocketImpl;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A reconnecting WebSocket to a Switchboard endpoint, the one socket under every profile facade.
 *
 * <ul>
 *   <li><b>Credentials</b> by query token, header or subprotocol, fetched afresh before every attempt
 *       ({@link Credentials}).</li>
 *   <li><b>Reconnect</b> with exponential backoff and full jitter, forever or a bounded number of
 *       retries ({@link Backoff}); state changes are observable ({@link #onStateChange}).</li>
 *   <li><b>Send queue</b>: messages sent while not connected wait in a bounded queue and are written
 *       in order once the next connection has passed its {@link Handshake}; one too many fails with
 *       {@link SendQueueFullException}.</li>
 *   <li><b>Keepalive</b>: pings with a pong deadline; a missed pong counts as a lost connection
 *       ({@link Keepalive}).</li>
 *   <li><b>Requests</b>: {@link #request} correlates the reply by id (or by a predicate) and times
 *       out; a pending request is removed on reply, timeout, lost connection and close
 *       ({@link #pendingRequests()}).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking: it may be called from any thread, including a
 * Vert.x event loop and a callback of this socket, and returns at once (work happens on the
 * socket's own Vert.x context). Handlers and state listeners run one at a time, in the order the
 * messages and changes happened, on the socket's callback executor (by default a pool of daemon
 * threads owned by the socket, never an event loop), so they may block, though a blocked handler
 * delays the ones after it. Returned futures complete on the same executor but outside that
 * ordering, so a handler may wait on a future of this socket without deadlocking. If you supply a
 * callback executor that runs tasks inline, callbacks run on the event loop and must not block.
 */
public interface SwitchboardSocket {

  /** A socket on a Vert.x instance of its own (closed with the socket). Call {@link #connect()}. */
  static SwitchboardSocket create(SocketOptions options) {
    return SocketImpl.create(null, options);
  }

  /** A socket on an existing Vert.x instance (left open on close). Call {@link #connect()}. */
  static SwitchboardSocket create(Vertx vertx, SocketOptions options) {
    return SocketImpl.create(vertx, options);
  }

  /**
   * Starts connecting (from {@link ConnectionState#DISCONNECTED} or {@link ConnectionState#FAILED});
   * otherwise just waits. Completes when the socket is next connected; fails with
   * {@link ConnectionFailedException} when it gives up and {@link ClientClosedException} on close.
   */
  CompletableFuture<Void> connect();

  ConnectionState state();

  /** Called on every state change; see {@link ConnectionState} for the transitions. */
  Registration onStateChange(Consumer<StateChange> listener);

  /**
   * Called for every inbound JSON message whose {@code type} is {@code type}. Every inbound message
   * except keepalive pongs reaches the handlers of its type, including replies that also complete a
   * {@link #request}.
   */
  Registration on(String type, Consumer<JsonNode> handler);

  /** Called for every inbound JSON message, after the handlers of its type. */
  Registration onAny(Consumer<JsonNode> handler);

  /** Called for every inbound binary message. */
  Registration onBinary(Consumer<byte[]> handler);

  /**
   * Sends a JSON message: now when connected, else queued (in order) until the next connection.
   * Completes once written to the socket; fails with {@link SendQueueFullException},
   * {@link ConnectionFailedException} or {@link ClientClosedException}.
   */
  CompletableFuture<Void> send(JsonNode message);

  /** Sends only if connected now; fails with {@link NotConnectedException} otherwise. */
  CompletableFuture<Void> trySend(JsonNode message);

  /** Sends a binary message if connected now (binary is live data, never queued). */
  CompletableFuture<Void> sendBinary(byte[] data);

  /** {@link #request(ObjectNode, Duration)} with the configured default timeout. */
  CompletableFuture<JsonNode> request(ObjectNode message);

  /**
   * Sends a message (queued like {@link #send} when not connected) and completes with the first
   * inbound message whose correlation field ({@link SocketOptions#requestIdField()}) equals the
   * request's; the field is set to a fresh id when the message has none. Fails with
   * {@link RequestTimeoutException} when no reply comes within {@code timeout} (counted from this
   * call), {@link ServerErrorException} when the reply is an error, {@link ConnectionLostException}
   * when the connection the request went out on is lost first.
   */
  CompletableFuture<JsonNode> request(ObjectNode message, Duration timeout);

  /** Like {@link #request(ObjectNode, Duration)}, the reply being the first message {@code isReply} accepts. */
  CompletableFuture<JsonNode> request(JsonNode message, Predicate<JsonNode> isReply, Duration timeout);

  /** Like the predicate {@link #request}, but fails with {@link NotConnectedException} instead of queueing. */
  CompletableFuture<JsonNode> tryRequest(JsonNode message, Predicate<JsonNode> isReply, Duration timeout);

  /** Requests waiting for a reply (queued ones included). */
  int pendingRequests();

  /** Messages waiting in the send queue. */
  int queuedMessages();

  /**
   * Closes for good: stops reconnecting, closes the connection (1000), fails queued messages and
   * pending requests with {@link ClientClosedException}, and releases the threads it owns.
   */
  CompletableFuture<Void> close();
}
