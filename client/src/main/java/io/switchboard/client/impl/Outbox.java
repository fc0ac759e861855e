package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The bounded queue of messages sent while not connected, in send order. Touched only on the
 * socket's context; {@link #size()} may be read anywhere.
 */
final class Outbox {
  /** A queued message, its write future, and the request it belongs to, if any. */
  record Entry(JsonNode message, String text, CompletableFuture<Void> written, PendingRequests.Pending request) {}

  private final int capacity;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private volatile int size;

  Outbox(int capacity) {
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  /** Adds at the tail; false when the queue is full. */
  boolean offer(Entry e) {
    if (queue.size() >= capacity) {
      return false;
    }
    queue.addLast(e);
    size = queue.size();
    return true;
  }

  /** Removes and returns everything, oldest first. */
  List<Entry> drain() {
    List<Entry> all = new ArrayList<>(queue);
    queue.clear();
    size = 0;
    return all;
  }

  /** Removes and returns the entries whose message matches. */
  List<Entry> remove(Predicate<JsonNode> which) {
    List<Entry> removed = new ArrayList<>();
    for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (which.test(e.message())) {
        it.remove();
        removed.add(e);
      }
    }
    size = queue.size();
    return removed;
  }

  int size() {
    return size;
  }
}
