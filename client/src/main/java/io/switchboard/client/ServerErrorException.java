package io.switchboard.client;

/** The server answered with an error (a WebSocket error message, or a REST failure with its status). */
public class ServerErrorException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final transient ServerError error;
  private final int httpStatus;

  public ServerErrorException(ServerError error) {
    this(error, 0);
  }

  public ServerErrorException(ServerError error, int httpStatus) {
    super(error.code() + ": " + error.message() + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : ""));
    this.error = error;
    this.httpStatus = httpStatus;
  }

  public ServerError error() {
    return error;
  }

  public String code() {
    return error.code();
  }

  /** The HTTP status of a REST failure; 0 for WebSocket errors. */
  public int httpStatus() {
    return httpStatus;
  }
}
