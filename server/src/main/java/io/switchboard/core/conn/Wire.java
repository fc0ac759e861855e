package io.switchboard.core.conn;

import io.vertx.core.buffer.Buffer;

/**
 * The WebSocket underneath a {@link Connection}: frames in and out, the upgrade request's details,
 * back-pressure and close. Two implementations: {@link NettyWire}, Switchboard's own handler on the
 * socket's Netty pipeline ({@code http.websocket-engine=netty}, the default), and {@link VertxWire},
 * Vert.x's {@code ServerWebSocket} ({@code vertx}).
 *
 * <p>Threading: everything but {@link #sendFromElsewhere} runs on the socket's event loop. Inbound
 * events are reported to the connection given to {@link #start}.
 */
interface Wire {
  /** The raw query string of the upgrade request, or null. */
  String query();

  /** A header of the upgrade request (case-insensitive name), or null. */
  String header(String name);

  /** The subprotocol selected at upgrade, or null. */
  String subProtocol();

  /**
   * The connection authenticated: the upgrade request's query, headers and subprotocol are no
   * longer needed, and {@link #query}, {@link #header} and {@link #subProtocol} answer null from now on.
   */
  void releaseUpgrade();

  /** Starts reporting close, pong and protocol errors to the connection; messages wait for {@link #deliverMessages}. */
  void start(Connection connection);

  /**
   * The profile's message handlers are installed: deliver messages from now on. Messages that
   * arrived before are delivered after the caller returns, so what it sends right after (a
   * greeting) reaches the client before any answer to them.
   */
  void deliverMessages();

  /** Writes a text message; the caller checked {@link #writable} (on the loop). */
  void writeText(String text);

  /** Writes a binary message; the caller checked {@link #writable} (on the loop). */
  void writeBinary(Buffer data);

  /**
   * Writes a text message from a thread other than the socket's loop, in order with the other
   * writes of that thread. A full outgoing queue found when the message reaches the loop is
   * reported with {@link Connection#slowConsumer()}.
   */
  void sendFromElsewhere(String text);

  /**
   * Runs {@code action} on the socket's loop, from another thread, in order with that thread's
   * {@link #sendFromElsewhere} messages (an audio frame between two texts stays between them). On
   * the netty engine it runs outside the connection's Vert.x context; once the socket is closed it
   * does not run.
   */
  void runFromElsewhere(Runnable action);

  /** Whether the outgoing queue is under its bound; false once the socket is closed. */
  boolean writable();

  /**
   * Whether droppable frames (audio) may be written now rather than wait in the connection's
   * backlog; {@link #onWritable} must fire when this turns true again.
   */
  default boolean droppableWritable() {
    return writable();
  }

  /** Whether the socket is still open. */
  boolean open();

  /** Runs {@code action} on the loop when a full outgoing queue has drained below half its bound. */
  void onWritable(Runnable action);

  void ping();

  /** Starts the closing handshake with this code and reason. */
  void close(short code, String reason);

  /** Cuts the TCP connection without a close frame. */
  void abort();

  /** The close code the client sent, or null. */
  Short closeStatusCode();

  /** The close reason the client sent, or null. */
  String closeReason();

  void pause();

  void resume();
}
