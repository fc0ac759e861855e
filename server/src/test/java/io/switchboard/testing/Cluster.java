package io.switchboard.testing;

import io.switchboard.config.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several real nodes in one JVM, as a deployment runs them: one Redis key prefix, one PostgreSQL
 * schema, one user-JWT secret, a data directory and ports of their own each, and quick node
 * heartbeats so a dead node is noticed within about three seconds (long enough that a loaded CI
 * machine does not take a live node for dead). Skips the test (with a message) when
 * Redis or PostgreSQL is missing.
 */
public final class Cluster implements AutoCloseable {
  public static final long HEARTBEAT_MS = 250;
  public static final long NODE_TIMEOUT_MS = 2500;

  private final Map<String, String> shared;
  private final Path root;
  private final List<TestServer> nodes = new ArrayList<>();

  private Cluster(Path root, Map<String, String> shared) {
    this.root = root;
    this.shared = shared;
  }

  /** Starts {@code count} nodes named node-a, node-b, ...; {@code overrides} apply to all of them. */
  public static Cluster start(Path root, int count, Map<String, String> overrides) throws Exception {
    if (!overrides.containsKey(Keys.CLUSTER_REDIS_URL)) {
      Services.requireRedis();
    }
    Services.requirePostgres();
    Map<String, String> shared = new HashMap<>();
    shared.put(Keys.CLUSTER_REDIS_URL, Services.REDIS_URL);
    shared.put(Keys.CLUSTER_REDIS_PREFIX, Services.uniqueRedisPrefix());
    shared.put(Keys.STORE_URL, Services.freshPostgresSchema());
    shared.put(Keys.STORE_USER, Services.PG_USER);
    shared.put(Keys.JWT_SECRET, "cluster-test-secret-" + UUID.randomUUID());
    shared.put(Keys.CLUSTER_NODE_HEARTBEAT, Long.toString(HEARTBEAT_MS));
    shared.put(Keys.CLUSTER_NODE_TIMEOUT, Long.toString(NODE_TIMEOUT_MS));
    shared.putAll(overrides);
    Cluster cluster = new Cluster(root, shared);
    try {
      for (int i = 0; i < count; i++) {
        cluster.startNode(Map.of());
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts one more node with extra settings of its own. */
  public TestServer startNode(Map<String, String> own) throws Exception {
    String name = "node-" + (char) ('a' + nodes.size());
    Map<String, String> values = new HashMap<>(shared);
    values.put(Keys.NODE_ID, name);
    values.putAll(own);
    TestServer node = TestServer.start(Files.createDirectories(root.resolve(name)), Clock.systemUTC(), values);
    nodes.add(node);
    return node;
  }

  public TestServer node(int i) {
    return nodes.get(i);
  }

  public String redisPrefix() {
    return shared.get(Keys.CLUSTER_REDIS_PREFIX);
  }

  public String storeUrl() {
    return shared.get(Keys.STORE_URL);
  }

  @Override
  public void close() {
    for (TestServer n : nodes) {
      try {
        n.close();
      } catch (RuntimeException e) {
        // Already stopped (halted by the test): nothing left to close.
      }
    }
  }
}
