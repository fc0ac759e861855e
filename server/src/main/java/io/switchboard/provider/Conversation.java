package io.switchboard.provider;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One connection's conversation memory: the latest messages, at most {@code capacity}; older ones
 * are forgotten first. Touched only on the connection's event loop.
 */
public final class Conversation {
  private final int capacity;
  private final ArrayDeque<Turn> turns = new ArrayDeque<>();

  public Conversation(int capacity) {
    this.capacity = Math.max(0, capacity);
  }

  /** Remembers a question and its answer. */
  public void remember(String question, String answer) {
    add(Turn.user(question));
    add(Turn.assistant(answer));
  }

  private void add(Turn turn) {
    if (capacity == 0) {
      return;
    }
    while (turns.size() >= capacity) {
      turns.removeFirst();
    }
    turns.addLast(turn);
  }

  /** The remembered messages, oldest first. */
  public List<Turn> turns() {
    return List.copyOf(turns);
  }

  /** How many messages are remembered. */
  public int size() {
    return turns.size();
  }
}
