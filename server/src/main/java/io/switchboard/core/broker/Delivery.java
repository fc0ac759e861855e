package io.switchboard.core.broker;

import io.vertx.core.buffer.Buffer;

/**
 * One message on its way to subscribers: encoded once, written as the same text or bytes to every
 * recipient. {@code excludeId} names the receiver that must not get it (the sender).
 */
public record Delivery(String text, Buffer binary, String excludeId, boolean droppable) {
  public static Delivery text(String text, String excludeId) {
    return new Delivery(text, null, excludeId, false);
  }

  public static Delivery droppableText(String text, String excludeId) {
    return new Delivery(text, null, excludeId, true);
  }

  public static Delivery droppableBinary(Buffer binary, String excludeId) {
    return new Delivery(null, binary, excludeId, true);
  }
}
