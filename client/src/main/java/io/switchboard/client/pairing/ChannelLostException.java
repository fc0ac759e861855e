package io.switchboard.client.pairing;

import io.switchboard.client.SwitchboardClientException;

/**
 * The channel is gone on the server (it expired, or the server restarted: channels live in its
 * memory). Messages queued for it are failed with this instead of being sent; pair again with a new
 * code.
 */
public class ChannelLostException extends SwitchboardClientException {
  private static final long serialVersionUID = 1L;
  private final String channel;
  private final String code;

  public ChannelLostException(String channel, String code, String message) {
    super("channel " + channel + " lost: " + code + (message == null || message.isEmpty() ? "" : " (" + message + ")"));
    this.channel = channel;
    this.code = code;
  }

  public String channel() {
    return channel;
  }

  /** The server's error code, e.g. {@code INVALID_CHANNEL}. */
  public String code() {
    return code;
  }
}
