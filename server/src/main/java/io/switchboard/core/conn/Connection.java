package io.switchboard.core.conn;

import io.switchboard.core.auth.Principal;
import io.switchboard.core.error.Failure;
import io.switchboard.core.limits.TokenBucket;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * An authenticated socket: identity, limits and a bounded outgoing queue.
 *
 * <p>Threading: inbound handlers run on the connection's event loop ({@link #context()}), and only
 * there is the per-connection state (rate bucket, profile attachment) touched. The send and close
 * methods may be called from any thread: they hop to the connection's event loop, so the queue bound
 * is read where it is exact and writes keep their order.
 *
 * <p>Outgoing queue: the socket's write queue is bounded by {@code limits.outgoing-queue-bytes}.
 * Control and state traffic that finds it full closes the connection 1013 (a client that cannot keep
 * up costs itself, never the hub); droppable traffic (audio) waits in a small byte-bounded backlog
 * that drops its oldest frames instead, counted in metrics.
 */
public final class Connection {
  private final String id;
  private final Wire wire;
  private final Context context;
  private final EventLoop loop;
  private final String remoteIp;
  private final SocketEndpoint endpoint;
  private final ConnectionRegistry registry;
  private volatile Principal principal;
  private final TokenBucket bucket;
  private int rateViolations;
  private volatile boolean closed;
  private AudioBacklog audioBacklog;
  volatile long lastSeenTick;
  volatile long lastMessageMillis;
  private Object attachment;
  private Handler<String> textHandler;
  private Handler<Buffer> binaryHandler;

  Connection(String id, Wire wire, Context context, String remoteIp, SocketEndpoint endpoint,
      ConnectionRegistry registry, TokenBucket bucket, long tick) {
    this.id = id;
    this.wire = wire;
    this.context = context;
    this.remoteIp = remoteIp;
    this.endpoint = endpoint;
    this.loop = ((ContextInternal) context).nettyEventLoop();
    this.lastMessageMillis = registry.nowMillis();
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

  /**
   * Marks the connection authenticated; the in-band authentication deadline no longer applies, and
   * the upgrade request ({@link #queryParam}, {@link #header}, {@link #subProtocol}) is let go: read
   * what you need of it before.
   */
  public void authenticate(Principal principal) {
    this.principal = principal;
    wire.releaseUpgrade();
    registry.authenticated(this);
  }

  public String profile() {
    return endpoint.profile();
  }

  SocketEndpoint endpoint() {
    return endpoint;
  }

  /** A query parameter of the upgrade request, or null (always null once authenticated). */
  public String queryParam(String name) {
    return QueryString.param(wire.query(), name);
  }

  /** A header of the upgrade request, or null (always null once authenticated). */
  public String header(String name) {
    return wire.header(name);
  }

  /** The subprotocol the server selected at upgrade, or null (always null once authenticated). */
  public String subProtocol() {
    return wire.subProtocol();
  }

  /**
   * Installs the profile's inbound handlers. Each message marks the client alive and is counted;
   * the handlers run on this connection's event loop. Messages that arrived before are handled
   * after this returns: a greeting sent right after it reaches the client first.
   */
  public void onMessages(Handler<String> text, Handler<Buffer> binary) {
    this.textHandler = text;
    this.binaryHandler = binary;
    wire.deliverMessages();
  }

  void received(String text) {
    countIn();
    textHandler.handle(text);
  }

  void received(Buffer data) {
    countIn();
    binaryHandler.handle(data);
  }

  /** A message from the client marks it alive, for the heartbeat and the idle policies, and is counted. */
  private void countIn() {
    touch();
    lastMessageMillis = registry.nowMillis();
    registry.metrics().messagesIn.increment();
  }

  /** The socket closed (on its loop): the registry forgets it and tells the endpoint. */
  void closed() {
    closed = true;
    registry.closed(this);
  }

  Limits limits() {
    return registry.limits();
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
    Failure refused = admit();
    if (refused != null && !closed) {
      sendError(refused);
    }
    return refused == null;
  }

  /**
   * Like {@link #admitMessage}, but a refused message's {@code RATE_LIMITED} error is returned for
   * the caller to send (a profile whose errors answer a request id sends it with that id) instead
   * of being sent here. Null when admitted; a connection over the abuse threshold is closed and
   * gets a failure to drop.
   */
  public Failure admit() {
    long now = System.nanoTime();
    if (bucket.tryTake(now)) {
      rateViolations = 0;
      return null;
    }
    rateViolations++;
    if (rateViolations >= registry.limits().abuseThreshold()) {
      close(CloseCodes.POLICY, "Rate limit exceeded repeatedly");
      return Failure.of(ErrorCode.RATE_LIMITED, "Rate limit exceeded repeatedly");
    }
    return Failure.of(ErrorCode.RATE_LIMITED, "Too many messages",
        Map.of("retry_after_ms", Math.max(1, bucket.millisUntilToken(now))));
  }

  /**
   * Sends control or state traffic; a full outgoing queue closes the connection 1013. Callable from
   * any thread: a send from elsewhere hops to this connection's event loop, where the queue bound
   * is read and the write made in order.
   */
  public void send(String text) {
    if (closed) {
      return;
    }
    if (!loop.inEventLoop()) {
      sendFromElsewhere(text);
      return;
    }
    sendHere(text);
  }

  /**
   * A send from another thread is handed to the socket's loop in order. On the netty engine it goes
   * in batches, with one flush per batch (a task per message costs a wake-up and a system call
   * each, which is what set the relay's tail); the vertx engine makes it a task of its own. The
   * queue bound is read when the message reaches the loop.
   */
  private void sendFromElsewhere(String text) {
    registry.metrics().messagesOut.increment();
    wire.sendFromElsewhere(text);
  }

  /** The outgoing queue was found full on the loop while writing control traffic: close 1013. */
  void slowConsumer() {
    if (!closed && wire.open()) {
      registry.metrics().slowConsumerCloses.increment();
      close(CloseCodes.SLOW_CONSUMER, "Slow consumer: outgoing queue full");
    }
  }

  private void sendHere(String text) {
    if (closed) {
      return;
    }
    if (queueFull()) {
      if (closed) {
        return;
      }
      registry.metrics().slowConsumerCloses.increment();
      close(CloseCodes.SLOW_CONSUMER, "Slow consumer: outgoing queue full");
      return;
    }
    registry.metrics().messagesOut.increment();
    wire.writeText(text);
  }

  /**
   * Sends droppable text (audio as JSON). When the outgoing queue is full the frame waits in a
   * bounded backlog whose oldest frames are dropped (and counted); the connection stays open.
   */
  public boolean sendDroppable(String text) {
    return sendAudio(text);
  }

  /** Sends droppable binary data (audio frames), as {@link #sendDroppable}. */
  public boolean sendBinaryDroppable(Buffer data) {
    return sendAudio(data);
  }

  private boolean sendAudio(Object frame) {
    if (closed) {
      return false;
    }
    if (!loop.inEventLoop()) {
      wire.runFromElsewhere(() -> sendAudioHere(frame));
      return true;
    }
    return sendAudioHere(frame);
  }

  private boolean sendAudioHere(Object frame) {
    if (closed) {
      return false;
    }
    if ((audioBacklog == null || audioBacklog.isEmpty()) && !audioQueueFull()) {
      registry.metrics().messagesOut.increment();
      writeFrame(frame);
      return true;
    }
    if (!closed) {
      backlog(frame);
    }
    return !closed;
  }

  private void backlog(Object frame) {
    if (audioBacklog == null) {
      audioBacklog = new AudioBacklog(registry.limits().outgoingQueueBytes());
      wire.onWritable(this::flushAudio);
    }
    int dropped = audioBacklog.add(frame);
    if (dropped > 0) {
      registry.metrics().audioDropped.increment(dropped);
    }
    flushAudio();
  }

  private void flushAudio() {
    while (!audioBacklog.isEmpty() && !closed && !audioQueueFull()) {
      registry.metrics().messagesOut.increment();
      writeFrame(audioBacklog.poll());
    }
  }

  private void writeFrame(Object frame) {
    if (frame instanceof Buffer b) {
      wire.writeBinary(b);
    } else {
      wire.writeText((String) frame);
    }
  }

  /**
   * Whether the outgoing queue is over its bound ({@code limits.outgoing-queue-bytes}, counted in
   * bytes); a socket found closed counts as full and marks this closed.
   */
  private boolean queueFull() {
    if (!wire.open()) {
      closed = true;
      return true;
    }
    return !wire.writable();
  }

  /** Whether droppable frames should wait in the backlog until the wire reports it writable again. */
  private boolean audioQueueFull() {
    if (!wire.open()) {
      closed = true;
      return true;
    }
    return !wire.droppableWritable();
  }

  public void sendError(Failure failure) {
    registry.metrics().error(endpoint.profile(), failure.code());
    send(endpoint.renderError(failure));
  }

  void ping() {
    if (!loop.inEventLoop()) {
      context.runOnContext(v -> ping());
      return;
    }
    if (!closed) {
      wire.ping();
    }
  }

  public void close(short code, String reason) {
    if (!loop.inEventLoop()) {
      context.runOnContext(v -> close(code, reason));
      return;
    }
    if (closed) {
      return;
    }
    closed = true;
    wire.close(code, reason);
  }

  /**
   * Cuts the TCP connection without a close frame, as a crashed server would (used by
   * {@code SwitchboardServer.halt()}); the close handling then runs as for any lost connection.
   */
  public void abort() {
    if (!loop.inEventLoop()) {
      context.runOnContext(v -> abort());
      return;
    }
    closed = true;
    wire.abort();
  }

  void markClosed() {
    closed = true;
  }

  /** The close code the client sent, or null when it sent none (or the socket is still open). */
  public Short closeStatusCode() {
    return wire.closeStatusCode();
  }

  /** The close reason the client sent, or null. */
  public String closeReason() {
    return wire.closeReason();
  }

  /** Stops reading the client's frames until {@link #resume} (backpressure when relaying); call on this loop. */
  public void pause() {
    wire.pause();
  }

  public void resume() {
    wire.resume();
  }

  @Override
  public String toString() {
    Principal p = principal;
    return "Connection[" + id + ", " + endpoint.profile() + ", user=" + (p == null ? "-" : p.userId()) + ", ip=" + remoteIp + "]";
  }
}
