package io.switchboard.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.presence.Directory.Entry;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.testing.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two RedisDirectory instances (two nodes' views) on one Redis, under a key prefix of their own. */
class RedisDirectoryTest extends DirectoryContract {
  private static RedisClient client;
  private static RedisURI uri;
  private String prefix;
  private RedisDirectory first;
  private RedisDirectory second;

  @BeforeAll
  static void redis() {
    Services.requireRedis();
    uri = RedisURI.create(Services.REDIS_URL);
    client = RedisClient.create();
  }

  @AfterAll
  static void shutdown() {
    if (client != null) {
      client.shutdown();
    }
  }

  @BeforeEach
  void nodes() throws Exception {
    prefix = Services.uniqueRedisPrefix();
    first = join(RedisDirectory.connect(client, uri, prefix));
    second = join(RedisDirectory.connect(client, uri, prefix));
  }

  @AfterEach
  void close() throws Exception {
    join(first.close());
    join(second.close());
    Services.deleteRedisKeys(client, prefix);
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
    try (StatefulRedisConnection<String, String> redis = client.connect(uri)) {
      redis.sync().scriptFlush();
    }
    Entry e = new Entry("c1", "alice", "pairing", "node-1");
    join(first.register(e));
    assertThat(join(first.byUser("alice"))).containsExactly(e);
  }

  @Test
  void removingANodeLeavesNoKeysBehind() throws Exception {
    join(first.register(new Entry("c1", "alice", "pairing", "node-1")));
    join(first.bind("device:d1", new Entry("c1", "alice", "pairing", "node-1")));
    join(first.removeNode("node-1"));
    try (StatefulRedisConnection<String, String> redis = client.connect(uri)) {
      assertThat(redis.sync().keys(prefix + "*")).isEmpty();
    }
  }
}
