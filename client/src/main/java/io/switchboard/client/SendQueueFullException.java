package io.switchboard.client;

/** A message sent while disconnected found the send queue full; it was not queued. */
public class SendQueueFullException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final int capacity;

  public SendQueueFullException(int capacity) {
    super("send queue full: " + capacity + " messages are already waiting for the connection");
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }
}
