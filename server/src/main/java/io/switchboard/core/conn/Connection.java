package io.switchboard.core.conn;

import io.switchboard.core.auth.Principal;
import io.switchboard.core.error.Failure;
import io.switchboard.core.limits.TokenBucket;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;

/**
 * An authenticated socket: identity, limits and a bounded outgoing queue.
 *
 * <p>Threading: inbound handlers run on the connection's event loop ({@link #context()}), and only
 * there is the per-connection state (rate bucket, profile attachment) touched. The send methods may
 * be called from any thread: Vert.x hands the write to the socket's event loop.
 *
 * <p>Outgoing queue: the socket's write queue is bounded by {@code limits.outgoing-queue-bytes}.
 * Control and state traffic that finds it full closes the connection 1013 (a client that cannot keep
 * up costs itself, never the hub); droppable traffic (audio) is dropped and counted instead.
 */
public final class Connection {
  private final String id;
  private final ServerWebSocket socket;
  private final Context context;
  private final String remoteIp;
  private final String profile;
  private final ConnectionRegistry registry;
  private volatile Principal principal;
  private final TokenBucket bucket;
  private int rateViolations;
  private volatile boolean closed;
  volatile long lastSeenTick;
  volatile long authDeadlineTick;
  private Object attachment;

  Connection(String id, ServerWebSocket socket, Context context, String remoteIp, String profile,
      ConnectionRegistry registry, TokenBucket bucket, long tick) {
    this.id = id;
    this.socket = socket;
    this.context = context;
    this.remoteIp = remoteIp;
    this.profile = profile;
    this.registry = registry;
    this.bucket = bucket;
    this.lastSeenTick = tick;
  }

  public String id() {
    return id;
  }

  /** The authenticated identity, or null while authentication is pending. */
  public Principal principal() {
    return principal;
  }

  /** Marks the connection authenticated; the in-band authentication deadline no longer applies. */
  public void authenticate(Principal principal) {
    this.principal = principal;
    registry.authenticated(this);
  }

  public String profile() {
    return profile;
  }

  /** A query parameter of the upgrade request, or null. */
  public String queryParam(String name) {
    return QueryString.param(socket.query(), name);
  }

  /** A header of the upgrade request, or null. */
  public String header(String name) {
    return socket.headers().get(name);
  }

  /** The subprotocol the server selected at upgrade, or null. */
  public String subProtocol() {
    return socket.subProtocol();
  }

  /**
   * Installs the profile's inbound handlers. Each message marks the client alive and is counted;
   * the handlers run on this connection's event loop.
   */
  public void onMessages(Handler<String> text, Handler<Buffer> binary) {
    socket.textMessageHandler(msg -> {
      touch();
      registry.metrics().messagesIn.increment();
      text.handle(msg);
    });
    socket.binaryMessageHandler(data -> {
      touch();
      registry.metrics().messagesIn.increment();
      binary.handle(data);
    });
  }

  public String remoteIp() {
    return remoteIp;
  }

  public Context context() {
    return context;
  }

  public boolean isClosed() {
    return closed;
  }

  /** The profile's per-connection state; touched only on this connection's event loop. */
  @SuppressWarnings("unchecked")
  public <T> T attachment() {
    return (T) attachment;
  }

  public void attach(Object value) {
    this.attachment = value;
  }

  /** Marks the client as alive for the heartbeat sweep. */
  public void touch() {
    lastSeenTick = registry.tick();
  }

  /**
   * Applies the per-connection message rate. Over the rate, the client gets RATE_LIMITED with
   * {@code retry_after_ms}; after {@code limits.rate-abuse-threshold} refusals in a row it is
   * closed 1008. Returns whether the message may be processed.
   */
  public boolean admitMessage() {
    long now = System.nanoTime();
    if (bucket.tryTake(now)) {
      rateViolations = 0;
      return true;
    }
    rateViolations++;
    if (rateViolations >= registry.limits().abuseThreshold()) {
      close(CloseCodes.POLICY, "Rate limit exceeded repeatedly");
      return false;
    }
    sendError(Failure.of(ErrorCode.RATE_LIMITED, "Too many messages",
        Map.of("retry_after_ms", Math.max(1, bucket.millisUntilToken(now)))));
    return false;
  }

  /** Sends control or state traffic; a full outgoing queue closes the connection 1013. */
  public void send(String text) {
    if (gone()) {
      return;
    }
    if (queueFull()) {
      registry.metrics().slowConsumerCloses.increment();
      close(CloseCodes.SLOW_CONSUMER, "Slow consumer: outgoing queue full");
      return;
    }
    registry.metrics().messagesOut.increment();
    socket.writeTextMessage(text);
  }

  /** Sends droppable text (audio as JSON); dropped and counted when the queue is full. */
  public boolean sendDroppable(String text) {
    if (gone() || queueFull()) {
      registry.metrics().audioDropped.increment();
      return false;
    }
    registry.metrics().messagesOut.increment();
    socket.writeTextMessage(text);
    return true;
  }

  /** Sends droppable binary data (audio frames); dropped and counted when the queue is full. */
  public boolean sendBinaryDroppable(Buffer data) {
    if (gone() || queueFull()) {
      registry.metrics().audioDropped.increment();
      return false;
    }
    registry.metrics().messagesOut.increment();
    socket.writeBinaryMessage(data);
    return true;
  }

  /**
   * Whether the socket takes no more writes: closed by us, or by the peer while its close handler
   * has not run yet (sends may come from other threads at any time).
   */
  private boolean gone() {
    return closed || socket.isClosed();
  }

  private boolean queueFull() {
    try {
      return socket.writeQueueFull();
    } catch (IllegalStateException closedMeanwhile) {
      return false;
    }
  }

  public void sendError(Failure failure) {
    registry.metrics().error(profile, failure.code());
    send(ErrorFrames.render(failure));
  }

  void ping() {
    if (!closed) {
      socket.writePing(Buffer.buffer());
    }
  }

  public void close(short code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    socket.close(code, reason);
  }

  void markClosed() {
    closed = true;
  }

  @Override
  public String toString() {
    Principal p = principal;
    return "Connection[" + id + ", " + profile + ", user=" + (p == null ? "-" : p.userId()) + ", ip=" + remoteIp + "]";
  }
}
