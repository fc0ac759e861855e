package io.switchboard.provider.openai;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a server-sent event stream as it arrives, in pieces cut anywhere (even inside a UTF-8
 * character): complete lines are decoded, {@code data:} lines of one event are joined, and each
 * event's data is handed on at its blank line. Comments ({@code :...}) and other fields are ignored.
 */
final class SseDecoder {
  private final Handler<String> events;
  private Buffer pending = Buffer.buffer();
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  SseDecoder(Handler<String> events) {
    this.events = events;
  }

  void feed(Buffer chunk) {
    pending.appendBuffer(chunk);
    int start = 0;
    for (int i = 0; i < pending.length(); i++) {
      if (pending.getByte(i) == '\n') {
        line(pending.getString(start, i, StandardCharsets.UTF_8.name()));
        start = i + 1;
      }
    }
    pending = start == 0 ? pending : pending.getBuffer(start, pending.length());
  }

  /** The stream ended: a last event without its blank line still counts. */
  void end() {
    if (pending.length() > 0) {
      line(pending.toString(StandardCharsets.UTF_8));
      pending = Buffer.buffer();
    }
    dispatch();
  }

  private void line(String raw) {
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith("data:")) {
      String value = line.substring(5);
      if (hasData) {
        data.append('\n');
      }
      data.append(value.startsWith(" ") ? value.substring(1) : value);
      hasData = true;
    }
  }

  private void dispatch() {
    if (hasData) {
      String event = data.toString();
      data.setLength(0);
      hasData = false;
      events.handle(event);
    }
  }
}
