package io.switchboard.provider;

/**
 * Tokens an answer cost. Engines that call a language model report the model's own counts; the
 * built-in engine counts with {@link Tokens}.
 */
public record Usage(int promptTokens, int completionTokens) {
  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
