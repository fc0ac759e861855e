package io.switchboard.provider;

import java.util.List;

/**
 * What a client asked.
 *
 * @param query the question itself
 * @param team whose knowledge base the engine may draw on (never another team's)
 * @param history earlier turns of this connection's conversation, oldest first (bounded)
 * @param guidance extra context that should steer but not dominate the answer: the assistant's
 *     perspective and a summary of the DAW context; may be empty
 */
public record Question(String query, String team, List<Turn> history, String guidance) {
  public Question {
    history = history == null ? List.of() : List.copyOf(history);
    guidance = guidance == null ? "" : guidance;
  }

  /**
   * What should steer retrieval besides the query: the guidance plus the previous question, so a
   * follow-up ("and for vocals?") keeps its topic.
   */
  public String retrievalGuidance() {
    String previous = "";
    for (Turn t : history) {
      if (t.role() == Turn.Role.USER) {
        previous = t.text();
      }
    }
    return (guidance + " " + previous).strip();
  }
}
