package io.switchboard.core.channel;

import io.switchboard.core.channel.memory.MemoryChannelStore;

/** The single-node store: both "nodes" are the same store. */
class MemoryChannelStoreTest extends ChannelStoreContract {
  private final MemoryChannelStore store = new MemoryChannelStore(clock);

  @Override
  protected ChannelStore first() {
    return store;
  }

  @Override
  protected ChannelStore second() {
    return store;
  }
}
