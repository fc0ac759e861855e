package io.switchboard.core.conn;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} on Vert.x's {@code ServerWebSocket} ({@code http.websocket-engine=vertx}).
 *
 * <p>The outgoing queue bound is read from the Netty channel, in bytes, for control traffic, as on
 * the netty engine. Droppable frames use Vert.x's view, whose return to writable is what runs the
 * drain handler. Writes from other threads are tasks on the socket's loop, one per message, so that
 * texts and audio frames from one thread keep their order; Vert.x's own hand-over would batch the
 * texts in a queue an audio task could not keep its place in.
 */
final class VertxWire implements Wire {
  private static final Logger LOG = LoggerFactory.getLogger(VertxWire.class);

  private final ServerWebSocket socket;
  private final Channel channel;
  private Connection connection;
  private volatile boolean closed;
  private boolean upgradeReleased;
  /** The profile paused reading (Vert.x's pause is not counted: one resume would undo it). */
  private boolean profilePaused;

  VertxWire(ServerWebSocket socket, int queueBytes) {
    this.socket = socket;
    this.channel = socket instanceof WebSocketInternal internal ? internal.channelHandlerContext().channel() : null;
    socket.setWriteQueueMaxSize(queueBytes);
  }

  @Override
  public String query() {
    return upgradeReleased ? null : socket.query();
  }

  @Override
  public String header(String name) {
    return upgradeReleased ? null : socket.headers().get(name);
  }

  @Override
  public String subProtocol() {
    return upgradeReleased ? null : socket.subProtocol();
  }

  @Override
  public void releaseUpgrade() {
    upgradeReleased = true;
  }

  @Override
  public void start(Connection c) {
    this.connection = c;
    socket.closeHandler(v -> {
      closed = true;
      c.closed();
    });
    socket.pongHandler(pong -> c.touch());
    socket.frameHandler(new MessageSizeGuard(c, c.limits().maxFrameBytes()));
    socket.exceptionHandler(e -> {
      if (e instanceof CorruptedWebSocketFrameException bad) {
        c.close((short) bad.closeStatus().code(), bad.closeStatus().reasonText());
      }
      LOG.debug("socket error on {}: {}", c, e.toString());
    });
    // Until the profile reads messages, Vert.x keeps the frames (without a message handler it
    // would drop them).
    socket.pause();
  }

  @Override
  public void deliverMessages() {
    socket.textMessageHandler(connection::received);
    socket.binaryMessageHandler(connection::received);
    // In a task of its own: what the profile sends right after installing its handlers (its
    // greeting) goes out before the answers to the messages that arrived meanwhile.
    connection.context().runOnContext(v -> {
      if (!profilePaused) {
        socket.resume();
      }
    });
  }

  @Override
  public void writeText(String text) {
    try {
      socket.writeTextMessage(text);
    } catch (IllegalStateException closedMeanwhile) {
      closed = true;
    }
  }

  @Override
  public void writeBinary(Buffer data) {
    try {
      socket.writeBinaryMessage(data);
    } catch (IllegalStateException closedMeanwhile) {
      closed = true;
    }
  }

  /**
   * A task on the socket's loop per message: Vert.x's own hand-over of writes from other threads
   * batches them in a queue of its own, which a task (an audio frame, see {@link #runFromElsewhere})
   * could not keep its place in.
   */
  @Override
  public void sendFromElsewhere(String text) {
    connection.context().runOnContext(v -> {
      if (closed) {
        return;
      }
      if (!writable()) {
        connection.slowConsumer();
        return;
      }
      writeText(text);
    });
  }

  @Override
  public void runFromElsewhere(Runnable action) {
    connection.context().runOnContext(v -> action.run());
  }

  @Override
  public boolean writable() {
    if (channel != null) {
      if (!channel.isActive()) {
        closed = true;
        return false;
      }
      return channel.isWritable();
    }
    return !vertxQueueFull();
  }

  private boolean vertxQueueFull() {
    try {
      return socket.writeQueueFull();
    } catch (IllegalStateException closedMeanwhile) {
      closed = true;
      return true;
    }
  }

  @Override
  public boolean open() {
    return !closed;
  }

  /**
   * Droppable frames wait while Vert.x's own queue is full: its drain handler is what tells us it
   * emptied. Audio is written on the socket's loop only, so no hand-over from other threads inflates it.
   */
  @Override
  public boolean droppableWritable() {
    return !vertxQueueFull();
  }

  @Override
  public void onWritable(Runnable action) {
    socket.drainHandler(v -> action.run());
  }

  @Override
  public void ping() {
    try {
      socket.writePing(Buffer.buffer());
    } catch (IllegalStateException closedMeanwhile) {
      closed = true;
    }
  }

  @Override
  public void close(short code, String reason) {
    closed = true;
    socket.close(code, reason);
    if (channel != null) {
      // Vert.x's closing timeout starts only once the close frame is written; a client that stops
      // reading never lets that happen. The connection is cut after the same timeout as on the
      // netty engine, whatever became of the close frame.
      channel.eventLoop().schedule(() -> {
        if (channel.isActive()) {
          channel.pipeline().firstContext().close();
        }
      }, NettyWire.CLOSE_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void abort() {
    closed = true;
    if (channel != null) {
      // From the pipeline's first handler the close goes straight to the transport: Vert.x's own
      // handlers, which would first send a close frame and wait for the answer, are skipped.
      channel.pipeline().firstContext().close();
    } else {
      socket.close();
    }
  }

  @Override
  public Short closeStatusCode() {
    return socket.closeStatusCode();
  }

  @Override
  public String closeReason() {
    return socket.closeReason();
  }

  @Override
  public void pause() {
    profilePaused = true;
    socket.pause();
  }

  @Override
  public void resume() {
    profilePaused = false;
    socket.resume();
  }
}
