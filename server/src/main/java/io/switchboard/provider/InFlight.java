package io.switchboard.provider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider calls one connection has in flight, at most {@code max}. Closing the connection
 * cancels them all ({@link #cancelAll}), so an upstream request never outlives the client that
 * asked for it.
 */
public final class InFlight {
  private final int max;
  private final Set<Entry> calls = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A call and how to abandon it (cancel it and fail its caller's future as CANCELLED). */
  record Entry(Runnable abort) {}

  InFlight(int max) {
    this.max = max;
  }

  /** Whether another call would exceed the bound (or the connection is gone). */
  boolean full() {
    return closed || calls.size() >= max;
  }

  /** Tracks a call; false when the connection closed meanwhile (the caller cancels it). */
  boolean add(Entry e) {
    calls.add(e);
    if (closed) {
      calls.remove(e);
      return false;
    }
    return true;
  }

  void remove(Entry e) {
    calls.remove(e);
  }

  public int size() {
    return calls.size();
  }

  /** Cancels every call in flight and refuses new ones; called when the connection closes. */
  public void cancelAll() {
    closed = true;
    for (Entry e : calls) {
      calls.remove(e);
      e.abort().run();
    }
  }
}
