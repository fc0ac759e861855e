package io.switchboard.client;

/** The client was closed before the operation could complete. */
public class ClientClosedException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;

  public ClientClosedException() {
    super("client closed");
  }
}
