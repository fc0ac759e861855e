package io.switchboard.client;

/** Base of every failure the client reports through a failed future. */
public class SwitchboardClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SwitchboardClientException(String message) {
    super(message);
  }

  public SwitchboardClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
