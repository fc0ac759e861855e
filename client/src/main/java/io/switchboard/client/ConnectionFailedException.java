package io.switchboard.client;

/** The socket gave up: every allowed retry failed. The cause is the last attempt's failure. */
public class ConnectionFailedException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final int attempts;

  public ConnectionFailedException(int attempts, Throwable lastCause) {
    super("gave up after " + attempts + " connection attempts"
        + (lastCause == null ? "" : ": " + lastCause.getMessage()), lastCause);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
