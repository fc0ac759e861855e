package io.switchboard.core.channel;

/**
 * A relayed message's text around the sequence number the channel assigns it: the text is
 * {@code before + seq + after}. Kept in two parts so a store can assign the number and keep the
 * finished text in one atomic step, wherever it runs.
 */
public record SeqText(String before, String after) {
  public String render(long seq) {
    return before + seq + after;
  }
}
