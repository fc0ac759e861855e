package io.switchboard.core.conn;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * Audio waiting for a congested socket: a byte-bounded queue that drops its oldest frames when a
 * new one does not fit, so a slow listener hears the latest audio rather than a growing delay.
 * Created only when a connection first backs up; touched only on the connection's event loop.
 */
final class AudioBacklog {
  private final ArrayDeque<Object> frames = new ArrayDeque<>();
  private final long maxBytes;
  private long bytes;

  AudioBacklog(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds a frame (String or Buffer); returns how many older frames were dropped to make room. */
  int add(Object frame) {
    int dropped = 0;
    long size = size(frame);
    while (!frames.isEmpty() && bytes + size > maxBytes) {
      bytes -= size(frames.pollFirst());
      dropped++;
    }
    if (size > maxBytes) {
      return dropped + 1;
    }
    frames.addLast(frame);
    bytes += size;
    return dropped;
  }

  Object poll() {
    Object f = frames.pollFirst();
    if (f != null) {
      bytes -= size(f);
    }
    return f;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  private static long size(Object frame) {
    return frame instanceof Buffer b ? b.length() : ((String) frame).length();
  }
}
