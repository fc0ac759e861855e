package io.switchboard.core.broker.redis;

import io.switchboard.core.broker.Delivery;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a {@link Delivery} travels as between nodes: a small header, then the payload as is.
 *
 * <pre>
 * byte    version (1)
 * byte    flags: 1 binary, 2 droppable, 4 has excludeId
 * u8      length of the publishing node id, then its UTF-8 bytes
 * u16     length of excludeId, then its UTF-8 bytes (only with flag 4)
 * rest    the payload: UTF-8 text, or the binary bytes unchanged
 * </pre>
 */
final class DeliveryCodec {
  static final byte VERSION = 1;
  private static final int BINARY = 1;
  private static final int DROPPABLE = 2;
  private static final int EXCLUDE = 4;

  private DeliveryCodec() {}

  /** A decoded message: who published it and what to deliver. */
  record Decoded(String nodeId, Delivery delivery) {}

  static byte[] encode(String nodeId, Delivery d) {
    byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
    byte[] exclude = d.excludeId() == null ? null : d.excludeId().getBytes(StandardCharsets.UTF_8);
    if (exclude != null && exclude.length > 0xFFFF) {
      throw new IllegalArgumentException("excludeId longer than 65535 bytes");
    }
    boolean binary = d.binary() != null;
    byte[] text = binary ? null : d.text().getBytes(StandardCharsets.UTF_8);
    int payload = binary ? d.binary().length() : text.length;
    int flags = (binary ? BINARY : 0) | (d.droppable() ? DROPPABLE : 0) | (exclude != null ? EXCLUDE : 0);
    Buffer out = Buffer.buffer(3 + node.length + (exclude == null ? 0 : 2 + exclude.length) + payload)
        .appendByte(VERSION).appendByte((byte) flags)
        .appendUnsignedByte((short) node.length).appendBytes(node);
    if (exclude != null) {
      out.appendUnsignedShort(exclude.length).appendBytes(exclude);
    }
    if (binary) {
      out.appendBuffer(d.binary());
    } else {
      out.appendBytes(text);
    }
    return out.getBytes();
  }

  /** Decodes a message, or returns null for one this version does not understand. */
  static Decoded decode(byte[] bytes) {
    if (bytes.length < 3 || bytes[0] != VERSION) {
      return null;
    }
    Buffer in = Buffer.buffer(bytes);
    int flags = in.getByte(1);
    int pos = 2;
    int nodeLength = in.getUnsignedByte(pos);
    String node = in.getString(pos + 1, pos + 1 + nodeLength, "UTF-8");
    pos += 1 + nodeLength;
    String exclude = null;
    if ((flags & EXCLUDE) != 0) {
      int length = in.getUnsignedShort(pos);
      exclude = in.getString(pos + 2, pos + 2 + length, "UTF-8");
      pos += 2 + length;
    }
    boolean droppable = (flags & DROPPABLE) != 0;
    Delivery d = (flags & BINARY) != 0
        ? new Delivery(null, in.getBuffer(pos, bytes.length), exclude, droppable)
        : new Delivery(in.getString(pos, bytes.length, "UTF-8"), null, exclude, droppable);
    return new Decoded(node, d);
  }

  static void checkNodeId(String nodeId) {
    if (nodeId.getBytes(StandardCharsets.UTF_8).length > 0xFF) {
      throw new IllegalArgumentException("node id longer than 255 bytes");
    }
  }
}
