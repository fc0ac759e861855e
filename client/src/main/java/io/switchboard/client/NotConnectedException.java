package io.switchboard.client;

/** An operation that needs a live connection (audio, {@code trySend}) found none. */
public class NotConnectedException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final ConnectionState state;

  public NotConnectedException(ConnectionState state) {
    super("not connected (state " + state + ")");
    this.state = state;
  }

  public ConnectionState state() {
    return state;
  }
}
