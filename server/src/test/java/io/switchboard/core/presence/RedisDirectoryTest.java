package io.switchboard.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.presence.Directory.Entry;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two RedisDirectory instances (two nodes' views) on one Redis, under a key prefix of their own. */
class RedisDirectoryTest extends DirectoryContract {
  @RegisterExtension
  static final RedisFixture redis = new RedisFixture();

  private RedisDirectory first;
  private RedisDirectory second;

  @BeforeEach
  void nodes() throws Exception {
    first = join(RedisDirectory.connect(redis.client(), redis.uri(), redis.prefix()));
    second = join(RedisDirectory.connect(redis.client(), redis.uri(), redis.prefix()));
  }

  @AfterEach
  void close() throws Exception {
    join(first.close());
    join(second.close());
  }

  @Override
  protected Directory first() {
    return first;
  }

  @Override
  protected Directory second() {
    return second;
  }

  @Test
  void removingADeadNodeClearsOnlyWhatItLeft() throws Exception {
    Entry gone = new Entry("c1", "alice", "pairing", "node-1");
    Entry stays = new Entry("c2", "alice", "pairing", "node-2");
    Entry rebound = new Entry("c3", "bob", "devices", "node-2");
    join(first.register(gone));
    join(second.register(stays));
    join(first.bind("device:d1", gone));
    join(first.bind("device:d2", gone));
    join(second.bind("device:d2", rebound));

    assertThat(join(second.removeNode("node-1"))).isEqualTo(1L);

    assertThat(join(second.byUser("alice"))).containsExactly(stays);
    assertThat(join(second.count("pairing"))).isEqualTo(1);
    assertThat(join(second.lookup("device:d1"))).isNull();
    assertThat(join(second.lookup("device:d2"))).isEqualTo(rebound);
  }

  @Test
  void scriptsAreSentAgainAfterRedisForgetsThem() throws Exception {
    redis.raw().sync().scriptFlush();
    Entry e = new Entry("c1", "alice", "pairing", "node-1");
    join(first.register(e));
    assertThat(join(first.byUser("alice"))).containsExactly(e);
  }

  @Test
  void removingANodeLeavesNoKeysBehind() throws Exception {
    join(first.register(new Entry("c1", "alice", "pairing", "node-1")));
    join(first.bind("device:d1", new Entry("c1", "alice", "pairing", "node-1")));
    join(first.removeNode("node-1"));
    assertThat(redis.raw().sync().keys(redis.prefix() + "*")).isEmpty();
  }
}
