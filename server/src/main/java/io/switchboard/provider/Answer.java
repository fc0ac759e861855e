package io.switchboard.provider;

import java.util.List;

/**
 * An engine's answer.
 *
 * @param text the whole answer
 * @param context the passages it drew on, best first (may be empty)
 * @param usage tokens read and written
 * @param confidence 0..1: how much of the question the passages covered (see the engine's docs)
 */
public record Answer(String text, List<Passage> context, Usage usage, double confidence) {
  public Answer {
    context = context == null ? List.of() : List.copyOf(context);
  }
}
