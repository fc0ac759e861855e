package io.switchboard.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts tokens the way the built-in engine reports them: every run of letters, every run of
 * digits and every other non-space character is one token ("don't mix at -6 dB!" is
 * don ' t mix at - 6 dB ! = 9 tokens). This is a word-level count, not a language model's
 * sub-word tokenizer: for English prose it comes out close to (usually a little under) what
 * byte-pair encoders such as OpenAI's report, and it is exact about what it counts.
 */
public final class Tokens {
  private static final Pattern TOKEN = Pattern.compile("\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]");

  private Tokens() {}

  public static int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    Matcher m = TOKEN.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
