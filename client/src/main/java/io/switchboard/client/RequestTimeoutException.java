package io.switchboard.client;

import java.time.Duration;

/** No reply to a request arrived within its timeout. */
public class RequestTimeoutException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final transient Duration timeout;

  public RequestTimeoutException(Duration timeout, String what) {
    super("no reply to " + what + " within " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
