package io.switchboard.core.limits.memory;

import io.switchboard.core.limits.Counters;
import io.switchboard.core.limits.WindowCounter;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters held by this node alone (the single-node engine). Each counter drops the entries of
 * past windows on its first increment in a new window, so at most two windows' keys are held.
 */
public final class MemoryCounters implements Counters {
  private final Clock clock;
  private final ConcurrentHashMap<String, MemoryCounter> counters = new ConcurrentHashMap<>();

  public MemoryCounters(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Counter counter(String name, Duration window) {
    MemoryCounter counter = counters.computeIfAbsent(name, n -> new MemoryCounter(clock, window.toMillis()));
    if (counter.windowMillis != window.toMillis()) {
      throw new IllegalArgumentException("counter " + name + " has windows of " + counter.windowMillis + " ms");
    }
    return counter;
  }

  private static final class MemoryCounter implements Counter {
    private final Clock clock;
    private final long windowMillis;
    private final WindowCounter counts;
    private final AtomicLong purgedWindow = new AtomicLong(Long.MIN_VALUE);

    MemoryCounter(Clock clock, long windowMillis) {
      this.clock = clock;
      this.windowMillis = windowMillis;
      this.counts = new WindowCounter(clock, windowMillis);
    }

    @Override
    public Future<Long> increment(String key) {
      long window = clock.millis() / windowMillis;
      long purged = purgedWindow.get();
      if (purged != window && purgedWindow.compareAndSet(purged, window)) {
        counts.purge();
      }
      return Future.succeededFuture(counts.increment(key));
    }

    @Override
    public Future<Void> decrement(String key) {
      counts.decrement(key);
      return Future.succeededFuture();
    }

    @Override
    public Future<Long> count(String key) {
      return Future.succeededFuture(counts.count(key));
    }

    @Override
    public long millisUntilReset() {
      return counts.millisUntilReset();
    }
  }
}
