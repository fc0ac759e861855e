package io.switchboard.client.nexus;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One question for {@link NexusClient#ask(Ask)}: build it with {@link #of(String)} and the
 * {@code with} methods.
 *
 * @param query the question, 1 to 8000 characters
 * @param teamId whose knowledge base to draw on; null: the server's default team
 * @param onDelta when set, the answer is streamed: each {@code response_delta} piece is passed here,
 *     in order, on the client's ordered callback thread
 * @param timeout how long to wait for the response; null: {@link NexusOptions#requestTimeout()}
 */
public record Ask(String query, String teamId, Consumer<String> onDelta, Duration timeout) {
  public static final int MAX_QUERY = 8000;

  public Ask {
    if (query == null || query.isEmpty() || query.length() > MAX_QUERY) {
      throw new IllegalArgumentException("query must be 1 to " + MAX_QUERY + " characters");
    }
    if (teamId != null && (teamId.isEmpty() || teamId.length() > 128)) {
      throw new IllegalArgumentException("teamId must be 1 to 128 characters");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static Ask of(String query) {
    return new Ask(query, null, null, null);
  }

  public Ask withTeam(String team) {
    return new Ask(query, team, onDelta, timeout);
  }

  /** Streams the answer: {@code listener} gets every piece, in order (see {@link NexusClient#ask(Ask)}). */
  public Ask withStreaming(Consumer<String> listener) {
    return new Ask(query, teamId, listener, timeout);
  }

  public Ask withTimeout(Duration t) {
    return new Ask(query, teamId, onDelta, t);
  }
}
