package io.switchboard.core.limits;

import io.switchboard.core.limits.memory.MemoryCounters;
import org.junit.jupiter.api.BeforeEach;

/** The memory engine is a one-node cluster: both "nodes" share one set of counters. */
class MemoryCountersTest extends CountersContract {
  private MemoryCounters counters;

  @BeforeEach
  void create() {
    counters = new MemoryCounters(clock);
  }

  @Override
  protected Counters first() {
    return counters;
  }

  @Override
  protected Counters second() {
    return counters;
  }
}
