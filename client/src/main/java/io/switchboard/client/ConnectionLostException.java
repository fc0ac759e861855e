package io.switchboard.client;

/**
 * The connection a request was written to was lost before the reply came. The server may or may
 * not have processed the request; the client does not resend it.
 */
public class ConnectionLostException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;

  public ConnectionLostException(String reason) {
    super("connection lost: " + reason);
  }
}
