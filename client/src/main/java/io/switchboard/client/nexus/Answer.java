package io.switchboard.client.nexus;

import java.util.List;

/**
 * The server's {@code response} to an {@code ask}.
 *
 * @param id the id of the ask it answers
 * @param answer the answer's text
 * @param context the passages the answer drew on, numbered, as one text; null when nothing matched
 * @param usage the engine's token counts; null when the server sent none
 * @param sources the same passages as title, source and score (empty when none)
 */
public record Answer(String id, String answer, String context, Usage usage, List<Source> sources) {
  public Answer {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /** Token counts ({@code usage}). */
  public record Usage(int promptTokens, int completionTokens, int totalTokens) {}

  /** One passage the answer drew on. */
  public record Source(String title, String source, double score) {}
}
