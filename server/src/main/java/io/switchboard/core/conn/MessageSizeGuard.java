package io.switchboard.core.conn;

import io.switchboard.protocol.CloseCodes;
import io.vertx.core.Handler;
import io.vertx.core.http.WebSocketFrame;

/**
 * Closes a connection 1009 when the frames of one message add up to more than the limit. Vert.x
 * enforces the limit per frame only by closing the socket, and per message by dropping the message
 * silently; the client is owed the close code that says why.
 */
final class MessageSizeGuard implements Handler<WebSocketFrame> {
  private final Connection connection;
  private final int maxBytes;
  private long size;

  MessageSizeGuard(Connection connection, int maxBytes) {
    this.connection = connection;
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      size = 0;
    } else if (!frame.isContinuation()) {
      return;
    }
    size += frame.binaryData().length();
    if (size > maxBytes) {
      size = 0;
      connection.close(CloseCodes.TOO_BIG, "Message too big");
    } else if (frame.isFinal()) {
      size = 0;
    }
  }
}
