package io.switchboard.core.conn;

/**
 * A profile's WebSocket endpoint. The server accepts the upgrade (origin and per-IP limits are
 * checked before), wraps the socket in a {@link Connection} and calls {@link #onOpen}; the profile
 * authenticates it and installs its message handlers. {@link #onClose} runs once when it closes.
 */
public interface SocketEndpoint {
  /** The profile name, used in metrics. */
  String profile();

  void onOpen(Connection connection);

  void onClose(Connection connection);

  /**
   * The client address a new socket is counted under (per-IP limit) and known by
   * ({@link Connection#remoteIp}): the peer's address, unless the endpoint accepts sockets relayed
   * by another cluster node and the upgrade headers carry an address that node vouches for.
   */
  default String clientAddress(io.vertx.core.MultiMap upgradeHeaders, String peerAddress) {
    return peerAddress;
  }

  /**
   * Which sockets should share an event loop: sockets whose upgrade requests give the same key are
   * served by one loop (on the {@code netty} WebSocket engine), so what one sends the other is
   * written without handing it to another thread. Null (the default) leaves the socket on the loop
   * that accepted it. It is asked for once the handshake is answered (with the subprotocol it
   * selected, or null), before {@link #onOpen}, and grants nothing.
   */
  default String loopKey(String query, io.vertx.core.MultiMap upgradeHeaders, String subProtocol) {
    return null;
  }

  /** How long a new connection has to authenticate in-band ({@link Connection#authenticate}); null: nothing owed. */
  default java.time.Duration authTimeout() {
    return null;
  }

  /** The close reason sent (with 1008) when {@link #authTimeout()} passes. */
  default String authTimeoutReason() {
    return "Authentication timeout";
  }

  /**
   * Called once when {@link #authTimeout()} passes without authentication; closes 1008 with
   * {@link #authTimeoutReason()}. A profile whose clients expect an explanation first sends it here.
   */
  default void onAuthTimeout(Connection connection) {
    connection.close(io.switchboard.protocol.CloseCodes.POLICY, authTimeoutReason());
  }

  /** The close reason sent with 4000 when the heartbeat sweep gives up on a silent client. */
  default String heartbeatCloseReason() {
    return "Heartbeat lost: no frames from client";
  }

  /**
   * Called from the heartbeat sweep for each of this endpoint's connections with the time since the
   * client's last message (not counting pong frames), for profiles with an application-level idle
   * policy. Runs on the sweep's thread: only send or close here.
   */
  default void onSweep(Connection connection, long silentMillis) {
  }

  /**
   * Renders an error frame for failures the core sends on this endpoint's behalf (the rate limit)
   * and for {@link Connection#sendError}. Profiles whose seed uses another error shape override it.
   */
  default String renderError(io.switchboard.core.error.Failure failure) {
    return ErrorFrames.render(failure);
  }
}
