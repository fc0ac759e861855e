package io.switchboard.core.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;

/**
 * A relayed message's text around the sequence number the channel assigns it: the text is
 * {@code before + seq + after}. Kept in two parts so a store can assign the number and keep the
 * finished text in one atomic step, wherever it runs.
 */
public record SeqText(String before, String after) {
  private static final String BEFORE = "{\"seq\":";

  /**
   * A validated client frame as relayed: the client's own text with {@code "seq":N} spliced in
   * front, so the message is not serialised again; a frame that carried a seq of its own is
   * rewritten without it.
   */
  public static SeqText of(ObjectNode msg, String raw) {
    int open = raw.indexOf('{');
    if (msg.has("seq") || open < 0) {
      msg.remove("seq");
      return new SeqText(BEFORE, after(Json.write(msg), 1));
    }
    return of(raw);
  }

  /**
   * A client frame known to be a JSON object without a seq of its own (a {@link
   * io.switchboard.core.conn.MessageScan} said so), as relayed: its text with {@code "seq":N}
   * spliced in front.
   */
  public static SeqText of(String raw) {
    return new SeqText(BEFORE, after(raw, raw.indexOf('{') + 1));
  }

  /** The text from {@code from} on, leading whitespace skipped, with a comma first unless it closes the object. */
  private static String after(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i < text.length() && text.charAt(i) == '}') {
      return text.substring(i);
    }
    return new StringBuilder(text.length() - i + 1).append(',').append(text, i, text.length()).toString();
  }

  public String render(long seq) {
    return before + seq + after;
  }
}
