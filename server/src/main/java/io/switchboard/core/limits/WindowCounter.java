package io.switchboard.core.limits;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts events per key in fixed windows (for example failed pairing attempts per user per
 * minute). Thread-safe. Entries of past windows are dropped by {@link #purge()}, which the owner
 * calls from a periodic sweep, so the map never grows without bound.
 */
public final class WindowCounter {
  private final Clock clock;
  private final long windowMillis;
  private final ConcurrentHashMap<String, long[]> counts = new ConcurrentHashMap<>();

  public WindowCounter(Clock clock, long windowMillis) {
    this.clock = clock;
    this.windowMillis = windowMillis;
  }

  /** Count of events for the key in the current window. */
  public long count(String key) {
    long window = window();
    long[] entry = counts.get(key);
    if (entry == null) {
      return 0;
    }
    synchronized (entry) {
      return entry[0] == window ? entry[1] : 0;
    }
  }

  /** Records one event and returns the count in the current window, this one included. */
  public long increment(String key) {
    long window = window();
    long[] entry = counts.computeIfAbsent(key, k -> new long[] {window, 0});
    synchronized (entry) {
      if (entry[0] != window) {
        entry[0] = window;
        entry[1] = 0;
      }
      return ++entry[1];
    }
  }

  /** Takes back one event of the current window (never below zero). */
  public void decrement(String key) {
    long window = window();
    long[] entry = counts.get(key);
    if (entry == null) {
      return;
    }
    synchronized (entry) {
      if (entry[0] == window && entry[1] > 0) {
        entry[1]--;
      }
    }
  }

  /** Milliseconds until the current window ends. */
  public long millisUntilReset() {
    long now = clock.millis();
    return windowMillis - (now % windowMillis);
  }

  public void purge() {
    long window = window();
    counts.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue()[0] != window;
      }
    });
  }

  public int size() {
    return counts.size();
  }

  private long window() {
    return clock.millis() / windowMillis;
  }
}
