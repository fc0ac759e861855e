package io.switchboard.core.conn;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;

/** Per-connection limits from configuration. */
public record Limits(int maxFrameBytes, int maxMessageBytes, int messagesPerSecond, int burst,
    int abuseThreshold, int connectionsPerIp, int outgoingQueueBytes) {

  public static Limits from(Config c) {
    return new Limits(c.integer(Keys.MAX_FRAME), c.integer(Keys.MAX_MESSAGE), c.integer(Keys.RATE),
        c.integer(Keys.BURST), c.integer(Keys.ABUSE), c.integer(Keys.PER_IP), c.integer(Keys.OUT_QUEUE));
  }

  /** Whether a text message exceeds the non-audio limit, measured in UTF-8 bytes. */
  public boolean tooLarge(String text) {
    int chars = text.length();
    if (chars > maxMessageBytes) {
      return true;
    }
    if ((long) chars * 3 <= maxMessageBytes) {
      return false;
    }
    return utf8Length(text) > maxMessageBytes;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
