package io.switchboard.core.presence.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Node heartbeats in Redis and the removal of dead nodes' presence. Each node refreshes a key that
 * expires after the node timeout and lists itself in the node set; any node that finds a listed
 * node's key gone removes that node's directory entries and bindings ({@link RedisDirectory#removeNode}).
 * A node that dies is therefore forgotten at most {@code timeout + interval} after its last beat.
 * The heartbeat key's value is the URL where other nodes reach the node's main listener
 * ({@link RedisDirectory#nodeUrl}).
 */
public final class NodeLiveness {
  private final String prefix;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisDirectory directory;
  private final List<Function<String, Future<?>>> cleanups = new CopyOnWriteArrayList<>();

  public NodeLiveness(String prefix, StatefulRedisConnection<String, String> connection, RedisDirectory directory) {
    this.prefix = prefix;
    this.connection = connection;
    this.directory = directory;
  }

  /** Also runs {@code cleanup} with each dead node's id (after its directory entries are removed). */
  public NodeLiveness onDeadNode(Function<String, Future<?>> cleanup) {
    cleanups.add(cleanup);
    return this;
  }

  /** The heartbeat key of a node: {@code <prefix>node:<id>}, holding the node's URL while it lives. */
  static String key(String prefix, String nodeId) {
    return prefix + "node:" + nodeId;
  }

  /**
   * Marks the node alive for {@code timeout}, reachable by other nodes at {@code url}. True when
   * the node was not listed before this beat: at its first start, or after it was taken for dead (a
   * pause longer than the timeout) or Redis lost its data. Whatever the node had written to Redis
   * may then be gone, and the caller writes it again.
   */
  public Future<Boolean> beat(String nodeId, String url, Duration timeout) {
    return fromStage(connection.async().set(key(prefix, nodeId), url,
            SetArgs.Builder.px(timeout.toMillis())))
        .compose(ok -> fromStage(connection.async().sadd(prefix + "nodes", nodeId)))
        .map(added -> added > 0);
  }

  /** Removes every listed node whose heartbeat expired; returns their ids. */
  public Future<List<String>> reap() {
    return fromStage(connection.async().smembers(prefix + "nodes")).compose(nodes -> {
      List<Future<String>> checks = new ArrayList<>();
      for (String node : nodes) {
        checks.add(fromStage(connection.async().exists(key(prefix, node)))
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
    Future<?> removed = directory.removeNode(node);
    for (Function<String, Future<?>> cleanup : cleanups) {
      removed = removed.compose(v -> cleanup.apply(node));
    }
    return removed
        .compose(n -> fromStage(connection.async().srem(prefix + "nodes", node)))
        .map(n -> node);
  }
}
