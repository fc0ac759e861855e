package io.switchboard.client;

/**
 * Where a {@link SwitchboardSocket} is in its life.
 *
 * <pre>
 * DISCONNECTED ──connect()──▶ CONNECTING ──open + handshake──▶ CONNECTED
 *                               │    ▲                            │
 *                        failed │    │ backoff elapsed       lost │
 *                               ▼    │                            ▼
 *                             RECONNECTING ◀──────────────────────┘
 *                               │
 *                 retries spent ▼
 *                             FAILED          close() from any state ──▶ CLOSED
 * </pre>
 */
public enum ConnectionState {
  /** Created; {@link SwitchboardSocket#connect()} not called yet. Sends are queued. */
  DISCONNECTED,
  /** A connection attempt is in progress: credentials, WebSocket upgrade, then the handshake. */
  CONNECTING,
  /** Open and past the handshake; sends go straight to the socket. */
  CONNECTED,
  /** Waiting out a backoff delay before the next attempt. Sends are queued. */
  RECONNECTING,
  /** Closed by {@link SwitchboardSocket#close()}. Terminal. */
  CLOSED,
  /** Gave up after the configured number of retries; {@link SwitchboardSocket#connect()} starts over. */
  FAILED;

  /** Whether nothing more will happen without a call from the application. */
  public boolean isTerminal() {
    return this == CLOSED || this == FAILED;
  }
}
