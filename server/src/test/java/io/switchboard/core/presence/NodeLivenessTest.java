package io.switchboard.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.presence.Directory.Entry;
import io.switchboard.core.presence.redis.NodeLiveness;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.testing.RedisFixture;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that stops beating is forgotten: its presence entries, bindings and published URL go, the
 * live node's stay.
 */
class NodeLivenessTest {
  @RegisterExtension
  static final RedisFixture redis = new RedisFixture();

  private String prefix;
  private StatefulRedisConnection<String, String> connA;
  private StatefulRedisConnection<String, String> connB;
  private RedisDirectory directory;

  @BeforeEach
  void connect() {
    prefix = redis.prefix();
    directory = join(RedisDirectory.connect(redis.client(), redis.uri(), prefix));
    connA = redis.client().connect(redis.uri());
    connB = redis.client().connect(redis.uri());
  }

  @AfterEach
  void close() {
    connA.close();
    connB.close();
    join(directory.close());
  }

  private static <T> T join(io.vertx.core.Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void deadNodesPresenceIsRemovedByALiveNode() {
    NodeLiveness a = new NodeLiveness(prefix, connA, directory);
    NodeLiveness b = new NodeLiveness(prefix, connB, directory);
    join(directory.register(new Entry("c-a", "alice", "devices", "node-a")));
    join(directory.bind("device:phone", new Entry("c-a", "alice", "devices", "node-a")));
    join(directory.register(new Entry("c-b", "alice", "devices", "node-b")));
    join(a.beat("node-a", "ws://10.0.0.1:8000", Duration.ofMillis(300)));
    join(b.beat("node-b", "ws://10.0.0.2:8000", Duration.ofSeconds(30)));

    // While node A's heartbeat is fresh nothing is removed.
    assertThat(join(b.reap())).isEmpty();
    assertThat(join(directory.lookup("device:phone"))).isNotNull();
    assertThat(join(directory.nodeUrl("node-a"))).isEqualTo("ws://10.0.0.1:8000");

    // A stops beating; B's next check removes A's entries and binding, and keeps its own.
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> join(b.reap()).contains("node-a"));
    assertThat(join(directory.lookup("device:phone"))).isNull();
    assertThat(join(directory.nodeUrl("node-a"))).as("a dead node has no URL").isNull();
    assertThat(join(directory.nodeUrl("node-b"))).isEqualTo("ws://10.0.0.2:8000");
    List<Entry> left = join(directory.byUser("alice"));
    assertThat(left).extracting(Entry::nodeId).containsExactly("node-b");
    assertThat(join(directory.count("devices"))).isEqualTo(1);
  }
}
