package io.switchboard.client;

/**
 * The connection a request was written to was lost before the reply came. The server may or may
 * not have processed the request; the client does not resend it. When the server closed the
 * connection with a close frame, {@link #closeCode()} and {@link #closeReason()} say how.
 */
public class ConnectionLostException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;

  private final Integer closeCode;
  private final String closeReason;

  public ConnectionLostException(String reason) {
    this(reason, null, null);
  }

  private ConnectionLostException(String reason, Integer closeCode, String closeReason) {
    super("connection lost: " + reason);
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }

  /** The connection ended with the peer's close frame. */
  public static ConnectionLostException closed(Short code, String reason) {
    return new ConnectionLostException("closed (" + code + (reason == null ? "" : " " + reason) + ")",
        code == null ? null : code.intValue(), reason == null ? "" : reason);
  }

  /** The close code the server sent, or null when the connection ended without a close frame. */
  public Integer closeCode() {
    return closeCode;
  }

  /** The close reason the server sent (possibly empty), or null without a close frame. */
  public String closeReason() {
    return closeReason;
  }
}
