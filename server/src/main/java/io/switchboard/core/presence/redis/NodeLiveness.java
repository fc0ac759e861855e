package io.switchboard.core.presence.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Node heartbeats in Redis and the removal of dead nodes' presence. Each node refreshes a key that
 * expires after the node timeout and lists itself in the node set; any node that finds a listed
 * node's key gone removes that node's directory entries and bindings ({@link RedisDirectory#removeNode}).
 * A node that dies is therefore forgotten at most {@code timeout + interval} after its last beat.
 */
public final class NodeLiveness {
  private final String prefix;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisDirectory directory;

  public NodeLiveness(String prefix, StatefulRedisConnection<String, String> connection, RedisDirectory directory) {
    this.prefix = prefix;
    this.connection = connection;
    this.directory = directory;
  }

  /** Marks the node alive for {@code timeout}. */
  public Future<Void> beat(String nodeId, Duration timeout) {
    return RedisDirectory.fromStage(connection.async().set(prefix + "node:" + nodeId, "alive",
            SetArgs.Builder.px(timeout.toMillis())))
        .compose(ok -> RedisDirectory.fromStage(connection.async().sadd(prefix + "nodes", nodeId)))
        .mapEmpty();
  }

  /** Removes every listed node whose heartbeat expired; returns their ids. */
  public Future<List<String>> reap() {
    return RedisDirectory.fromStage(connection.async().smembers(prefix + "nodes")).compose(nodes -> {
      List<Future<String>> checks = new ArrayList<>();
      for (String node : nodes) {
        checks.add(RedisDirectory.fromStage(connection.async().exists(prefix + "node:" + node))
            .compose(alive -> alive > 0 ? Future.succeededFuture((String) null) : forget(node)));
      }
      return Future.all(checks).map(all -> {
        List<String> dead = new ArrayList<>();
        for (Future<String> f : checks) {
          if (f.result() != null) {
            dead.add(f.result());
          }
        }
        return dead;
      });
    });
  }

  private Future<String> forget(String node) {
    return directory.removeNode(node)
        .compose(n -> RedisDirectory.fromStage(connection.async().srem(prefix + "nodes", node)))
        .map(n -> node);
  }
}
