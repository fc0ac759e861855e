package io.switchboard.core.conn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.CloseCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} that is itself the last handler of the socket's Netty pipeline, after Netty's
 * WebSocket frame decoder; it encodes its frames and checks UTF-8 itself. It holds what a
 * connection needs and no more: the query string, the upgrade headers a profile may read, a
 * fragment buffer while a fragmented message arrives, and a few flags.
 *
 * <p>Writes on the socket's loop go to the channel at once. While any socket of that loop is reading
 * (a message relayed or fanned out from another connection of the same loop), the flush waits for the
 * end of the read batch, so a burst costs one system call per receiving socket. Writes from other
 * threads are pushed on a lock-free stack; the first push of a batch schedules one task that writes
 * them in order and flushes once.
 *
 * <p>The outgoing queue bound is the channel's write-buffer high-water mark, in bytes
 * ({@code limits.outgoing-queue-bytes}; writable again below half of it).
 *
 * <p>Close: a close frame from the client is answered with the same code and the TCP connection is
 * closed. A close from the server sends its frame and waits for the client's answer, at most
 * {@link #CLOSE_TIMEOUT_MILLIS}, before closing the TCP connection, so the client reads the close
 * frame before the connection goes away.
 */
public final class NettyWire extends ChannelInboundHandlerAdapter implements Wire, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyWire.class);
  private static final String[] NO_HEADERS = new String[0];
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;
  static final long CLOSE_TIMEOUT_MILLIS = 10_000;

  private static final AtomicReferenceFieldUpdater<NettyWire, Out> PENDING =
      AtomicReferenceFieldUpdater.newUpdater(NettyWire.class, Out.class, "pending");
  private static final FastThreadLocal<ReadBatch> BATCH = new FastThreadLocal<>() {
    @Override
    protected ReadBatch initialValue() {
      return new ReadBatch();
    }
  };

  private final Channel channel;
  /** The upgrade request's query, headers (name, value pairs, without the handshake's own) and subprotocol, until authentication. */
  private String query;
  private String[] headers;
  private String subProtocol;
  private final int maxMessageBytes;
  private Connection connection;
  private volatile Out pending;
  /** Writing what other threads pushed (see {@link #drainPending}). */
  private boolean draining;
  /** Written during a read batch; flushed at its end. */
  private boolean dirty;
  private boolean delivering;
  private boolean paused;
  /** Frames that came before the profile read messages, or while paused, in order: a client's close waits its turn. */
  private ArrayDeque<WebSocketFrame> held;
  private ByteBuf fragments;
  private boolean fragmentsText;
  private Runnable writableAction;
  private short closeCode = -1;
  private String closeReason;
  private boolean closeSent;
  /** The client's close frame has been read (handled, or held behind messages). */
  private boolean clientClosed;
  private ScheduledFuture<?> closeTimer;

  /**
   * A wire for a channel whose handshake is being answered: it keeps the frames that arrive before
   * {@link #start}. {@code maxMessageBytes} bounds a message across its fragments (1009 beyond it).
   */
  public NettyWire(Channel channel, String query, HttpHeaders upgradeHeaders, int maxMessageBytes) {
    this.channel = channel;
    this.query = query;
    this.headers = keptHeaders(upgradeHeaders);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The subprotocol the handshake selected, or null. */
  public void selectedSubProtocol(String subProtocol) {
    this.subProtocol = subProtocol;
  }

  private static String[] keptHeaders(HttpHeaders all) {
    ArrayList<String> kept = new ArrayList<>(all.size() * 2);
    for (Map.Entry<String, String> h : all) {
      String name = h.getKey();
      if (HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name) || HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)
          || name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14)) {
        continue;
      }
      kept.add(name);
      kept.add(h.getValue());
    }
    return kept.toArray(new String[0]);
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public String header(String name) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  @Override
  public String subProtocol() {
    return subProtocol;
  }

  @Override
  public void releaseUpgrade() {
    query = null;
    headers = NO_HEADERS;
    subProtocol = null;
  }

  /**
   * Whether a close frame has gone out (a frame the decoder refused before the connection opened):
   * such a socket is ending, and is not worth moving to another loop.
   */
  public boolean closing() {
    return closeSent;
  }

  @Override
  public void start(Connection c) {
    this.connection = c;
  }

  @Override
  public void deliverMessages() {
    delivering = true;
    if (held != null) {
      // In a task of its own: what the profile sends right after installing its handlers (its
      // greeting) goes out before the answers to the messages that arrived meanwhile.
      channel.eventLoop().execute(this::deliverHeld);
    }
  }

  // ---- inbound ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      // What the HTTP decoder still emitted for the upgrade request (its empty last content).
      ReferenceCountUtil.release(msg);
      return;
    }
    if (connection == null) {
      // Sent with the upgrade request, before the 101: kept for the profile (a ping is answered then).
      if (frame instanceof CloseWebSocketFrame close) {
        holdClose(close);
      } else {
        hold(frame);
      }
      return;
    }
    BATCH.get().reading = true;
    connection.touch();
    if (frame instanceof PingWebSocketFrame ping) {
      pong(ping);
      return;
    }
    if (frame instanceof PongWebSocketFrame) {
      frame.release();
      return;
    }
    if (frame instanceof CloseWebSocketFrame close) {
      if (held != null) {
        holdClose(close);
      } else {
        closeFrom(close);
      }
      return;
    }
    if (closeSent) {
      frame.release();
      return;
    }
    if (paused || !delivering || held != null) {
      hold(frame);
      return;
    }
    data(frame);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    BATCH.get().end();
  }

  private void hold(WebSocketFrame frame) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    held.add(frame);
    channel.config().setAutoRead(false);
  }

  /**
   * A client's close behind held messages: they are handled first. Its code is known at once, and
   * the close timer bounds the wait (a profile that paused the socket may not resume it soon).
   */
  private void holdClose(CloseWebSocketFrame close) {
    recordClose(close);
    hold(close);
    armCloseTimer();
  }

  private void deliverHeld() {
    try {
      while (held != null && !held.isEmpty() && delivering && !paused && !closeSent) {
        WebSocketFrame frame = held.poll();
        if (frame instanceof CloseWebSocketFrame close) {
          closeFrom(close);
        } else if (frame instanceof PingWebSocketFrame ping) {
          pong(ping);
        } else if (frame instanceof PongWebSocketFrame) {
          frame.release();
        } else {
          data(frame);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("message handling failed on {}", connection, e);
      connection.close(CloseCodes.INTERNAL, "Internal error");
      return;
    }
    if (delivering && !paused && !closeSent) {
      held = null;
      channel.config().setAutoRead(true);
    }
  }

  /** A text, binary or continuation frame; releases it. */
  private void data(WebSocketFrame frame) {
    try {
      if (frame instanceof ContinuationWebSocketFrame) {
        if (fragments == null || !append(frame.content())) {
          return;
        }
        if (frame.isFinalFragment()) {
          ByteBuf whole = fragments;
          fragments = null;
          try {
            deliver(fragmentsText, whole);
          } finally {
            whole.release();
          }
        }
        return;
      }
      boolean text = frame instanceof TextWebSocketFrame;
      if (frame.isFinalFragment()) {
        deliver(text, frame.content());
        return;
      }
      fragments = Unpooled.buffer(Math.min(maxMessageBytes, frame.content().readableBytes() * 2));
      fragmentsText = text;
      append(frame.content());
    } finally {
      frame.release();
    }
  }

  private boolean append(ByteBuf part) {
    if (fragments.readableBytes() + part.readableBytes() > maxMessageBytes) {
      fragments.release();
      fragments = null;
      connection.close(CloseCodes.TOO_BIG, "Message too big");
      return false;
    }
    fragments.writeBytes(part);
    return true;
  }

  /** Hands a whole message to the profile, inside the connection's Vert.x context as Vert.x's own sockets do. */
  private void deliver(boolean text, ByteBuf content) {
    if (text && !ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
      connection.close(CloseCodes.INVALID_DATA, "Invalid UTF-8 in a text message");
      return;
    }
    ContextInternal context = (ContextInternal) connection.context();
    ContextInternal previous = context.beginDispatch();
    try {
      if (text) {
        connection.received(content.toString(StandardCharsets.UTF_8));
      } else {
        connection.received(Buffer.buffer(ByteBufUtil.getBytes(content)));
      }
    } finally {
      context.endDispatch(previous);
    }
  }

  /** Answers a ping with a pong carrying its payload (none once our close is out); releases the ping. */
  private void pong(PingWebSocketFrame ping) {
    try {
      if (!closeSent) {
        write(frame(channel.alloc(), OP_PONG, ping.content()));
      }
    } finally {
      ping.release();
    }
  }

  /** The client's close has been read: its code and reason are what {@link #closeStatusCode} reports. */
  private void recordClose(CloseWebSocketFrame close) {
    clientClosed = true;
    closeCode = (short) close.statusCode();
    closeReason = closeCode == -1 ? null : close.reasonText();
  }

  private void closeFrom(CloseWebSocketFrame close) {
    try {
      recordClose(close);
    } finally {
      close.release();
    }
    if (closeSent) {
      channel.close();
      return;
    }
    closeSent = true;
    dropHeld();
    channel.writeAndFlush(closeFrame(channel.alloc(), closeCode, null)).addListener(ChannelFutureListener.CLOSE);
    armCloseTimer();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (channel.isWritable() && writableAction != null) {
      writableAction.run();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeSent = true;
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held = null;
    }
    PENDING.set(this, null);
    if (connection != null) {
      ((ContextInternal) connection.context()).dispatch(v -> connection.closed());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException bad && !closeSent && channel.isActive()) {
      // A frame the decoder refused (1002 protocol error, 1009 too big): the decoder reads nothing
      // more, so the close frame goes out and the connection closes without waiting for an answer.
      closeSent = true;
      short code = (short) bad.closeStatus().code();
      String reason = code == CloseCodes.TOO_BIG ? "Message too big" : bad.closeStatus().reasonText();
      channel.writeAndFlush(closeFrame(channel.alloc(), code, reason)).addListener(ChannelFutureListener.CLOSE);
      armCloseTimer();
    } else if (!(cause instanceof java.io.IOException) && connection != null && !closeSent && channel.isActive()) {
      // A profile's handler failed: the client is told, instead of losing the connection silently.
      LOG.warn("message handling failed on {}", connection, cause);
      connection.close(CloseCodes.INTERNAL, "Internal error");
      return;
    } else {
      channel.close();
    }
    LOG.debug("socket error on {}: {}", connection, cause.toString());
  }

  // ---- outbound ----

  @Override
  public void writeText(String text) {
    if (pending != null) {
      drainPending();
    }
    write(textFrame(channel.alloc(), text));
  }

  @Override
  public void writeBinary(Buffer data) {
    if (pending != null) {
      drainPending();
    }
    ByteBuf bytes = data instanceof BufferInternal internal ? internal.getByteBuf() : Unpooled.wrappedBuffer(data.getBytes());
    write(frame(channel.alloc(), OP_BINARY, bytes));
  }

  /** On the loop: to the channel now; the flush waits for the end of a read batch if one is under way. */
  private void write(ByteBuf frame) {
    if (closeSent) {
      // The close frame is out (a drain just above may have closed a slow consumer): nothing follows it.
      frame.release();
      return;
    }
    ReadBatch batch = BATCH.get();
    if (batch.reading) {
      channel.write(frame, channel.voidPromise());
      if (!channel.isWritable()) {
        // Unflushed bytes count against the bound: a burst must not make a reader look slow.
        channel.flush();
      } else if (!dirty) {
        dirty = true;
        batch.dirty.add(this);
      }
    } else {
      channel.writeAndFlush(frame, channel.voidPromise());
    }
  }

  @Override
  public void sendFromElsewhere(String text) {
    push(new Out(text, null));
  }

  @Override
  public void runFromElsewhere(Runnable action) {
    push(new Out(null, action));
  }

  private void push(Out out) {
    Out before;
    do {
      before = pending;
      out.next = before;
    } while (!PENDING.compareAndSet(this, before, out));
    if (before == null) {
      channel.eventLoop().execute(this);
    }
  }

  /** The task that writes what other threads sent, in order, with one flush. */
  @Override
  public void run() {
    if (drainPending()) {
      channel.flush();
    }
  }

  /**
   * Writes what other threads pushed, oldest first, without flushing; true if anything was written.
   * An action that writes does not drain again meanwhile: what was pushed after it waits its turn.
   */
  private boolean drainPending() {
    if (draining) {
      return false;
    }
    Out head = PENDING.getAndSet(this, null);
    Out oldest = null;
    while (head != null) {
      Out next = head.next;
      head.next = oldest;
      oldest = head;
      head = next;
    }
    boolean wrote = false;
    draining = true;
    try {
      for (Out o = oldest; o != null; o = o.next) {
        if (!open()) {
          return wrote;
        }
        if (o.action != null) {
          try {
            o.action.run();
          } catch (RuntimeException e) {
            // What the thread sent after it must not go out with a gap before it.
            LOG.warn("a write from another thread failed on {}", connection, e);
            connection.close(CloseCodes.INTERNAL, "Internal error");
            return true;
          }
          wrote = true;
          continue;
        }
        if (!channel.isWritable()) {
          connection.slowConsumer();
          return wrote;
        }
        channel.write(textFrame(channel.alloc(), o.text), channel.voidPromise());
        wrote = true;
      }
    } finally {
      draining = false;
    }
    return wrote;
  }

  @Override
  public boolean writable() {
    return open() && channel.isWritable();
  }

  @Override
  public boolean open() {
    return !closeSent && channel.isActive();
  }

  @Override
  public void onWritable(Runnable action) {
    this.writableAction = action;
  }

  @Override
  public void ping() {
    if (open()) {
      write(frame(channel.alloc(), OP_PING, Unpooled.EMPTY_BUFFER));
    }
  }

  @Override
  public void close(short code, String reason) {
    if (!open()) {
      closeSent = true;
      return;
    }
    if (pending != null && drainPending()) {
      channel.flush();
    }
    closeSent = true;
    dropHeld();
    // A client whose own close is already in (held behind messages) will not answer ours.
    boolean answered = clientClosed;
    channel.writeAndFlush(closeFrame(channel.alloc(), code, reason)).addListener((ChannelFutureListener) f -> {
      if (answered || !f.isSuccess()) {
        channel.close();
      }
    });
    armCloseTimer();
  }

  /**
   * Closes the TCP connection if it is still open {@link #CLOSE_TIMEOUT_MILLIS} from now: armed as
   * soon as a close frame is written, since a client that stops reading never lets that write finish.
   */
  private void armCloseTimer() {
    if (closeTimer == null && channel.isActive()) {
      closeTimer = channel.eventLoop().schedule(() -> {
        channel.close();
      }, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Frames held for a profile that will not read them now; reading resumes so the close answer is seen. */
  private void dropHeld() {
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held = null;
    }
    channel.config().setAutoRead(true);
  }

  @Override
  public void abort() {
    closeSent = true;
    channel.close();
  }

  @Override
  public Short closeStatusCode() {
    return closeCode == -1 ? null : closeCode;
  }

  @Override
  public String closeReason() {
    return closeReason;
  }

  @Override
  public void pause() {
    paused = true;
    channel.config().setAutoRead(false);
  }

  @Override
  public void resume() {
    paused = false;
    deliverHeld();
  }

  // ---- frame encoding (server frames are never masked) ----

  /** A text frame: header and UTF-8 payload in one buffer. */
  static ByteBuf textFrame(ByteBufAllocator alloc, String text) {
    int length = ByteBufUtil.utf8Bytes(text);
    ByteBuf buf = alloc.buffer(headerBytes(length) + length);
    header(buf, OP_TEXT, length);
    ByteBufUtil.reserveAndWriteUtf8(buf, text, length);
    return buf;
  }

  /** A frame of {@code opcode} carrying a copy of {@code payload}'s readable bytes. */
  static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
    int length = payload.readableBytes();
    ByteBuf buf = alloc.buffer(headerBytes(length) + length);
    header(buf, opcode, length);
    buf.writeBytes(payload, payload.readerIndex(), length);
    return buf;
  }

  /**
   * A close frame: no payload when {@code code} is -1, else the code and the reason (UTF-8, at most
   * 123 bytes, cut after the last whole character that fits).
   */
  static ByteBuf closeFrame(ByteBufAllocator alloc, short code, String reason) {
    if (code == -1) {
      ByteBuf buf = alloc.buffer(2);
      header(buf, OP_CLOSE, 0);
      return buf;
    }
    byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    int cut = Math.min(text.length, 123);
    while (cut < text.length && (text[cut] & 0xC0) == 0x80) {
      cut--; // not inside a character: the reason must stay valid UTF-8
    }
    int length = 2 + cut;
    ByteBuf buf = alloc.buffer(2 + length);
    header(buf, OP_CLOSE, length);
    buf.writeShort(code);
    buf.writeBytes(text, 0, length - 2);
    return buf;
  }

  private static int headerBytes(int length) {
    return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  private static void header(ByteBuf buf, int opcode, int length) {
    buf.writeByte(0x80 | opcode);
    if (length <= 125) {
      buf.writeByte(length);
    } else if (length <= 0xFFFF) {
      buf.writeByte(126);
      buf.writeShort(length);
    } else {
      buf.writeByte(127);
      buf.writeLong(length);
    }
  }

  /** One message, or one action, pushed from another thread. */
  private static final class Out {
    final String text;
    final Runnable action;
    Out next;

    Out(String text, Runnable action) {
      this.text = text;
      this.action = action;
    }
  }

  /** Per event loop: whether one of its sockets is reading, and which sockets owe a flush at the end. */
  private static final class ReadBatch {
    boolean reading;
    final ArrayList<NettyWire> dirty = new ArrayList<>();

    void end() {
      reading = false;
      for (int i = 0; i < dirty.size(); i++) {
        NettyWire w = dirty.get(i);
        w.dirty = false;
        w.channel.flush();
      }
      dirty.clear();
    }
  }
}
