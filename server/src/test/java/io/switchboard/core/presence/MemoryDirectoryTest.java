package io.switchboard.core.presence;

import io.switchboard.core.presence.memory.MemoryDirectory;
import org.junit.jupiter.api.BeforeEach;

/** The memory engine is a one-node cluster: both "nodes" share one directory. */
class MemoryDirectoryTest extends DirectoryContract {
  private MemoryDirectory directory;

  @BeforeEach
  void create() {
    directory = new MemoryDirectory();
  }

  @Override
  protected Directory first() {
    return directory;
  }

  @Override
  protected Directory second() {
    return directory;
  }
}
