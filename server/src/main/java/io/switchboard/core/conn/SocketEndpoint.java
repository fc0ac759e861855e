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

  /** Subprotocols this endpoint accepts at upgrade, besides token-carrying ones. */
  default boolean acceptsTokenSubprotocol() {
    return false;
  }
}
