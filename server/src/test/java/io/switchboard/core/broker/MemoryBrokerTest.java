package io.switchboard.core.broker;

import io.switchboard.core.broker.memory.MemoryBroker;
import org.junit.jupiter.api.BeforeEach;

/** The memory engine is a one-node cluster: both "nodes" are the same broker. */
class MemoryBrokerTest extends BrokerContract {
  private MemoryBroker broker;

  @BeforeEach
  void create() {
    broker = new MemoryBroker();
  }

  @Override
  protected Broker first() {
    return broker;
  }

  @Override
  protected Broker second() {
    return broker;
  }
}
