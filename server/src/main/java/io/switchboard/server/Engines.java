package io.switchboard.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.broker.memory.MemoryBroker;
import io.switchboard.core.broker.redis.RedisBroker;
import io.switchboard.core.presence.Directory;
import io.switchboard.core.presence.memory.MemoryDirectory;
import io.switchboard.core.presence.redis.NodeLiveness;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker and directory this node runs on: in memory, or in Redis when a URL is configured. */
final class Engines {
  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

  private final String name;
  private final Broker broker;
  private final Directory directory;
  private final RedisClient redis;
  private final io.lettuce.core.api.StatefulRedisConnection<String, String> livenessConnection;
  private final NodeLiveness liveness;
  private long livenessTimer = -1;

  private Engines(String name, Broker broker, Directory directory, RedisClient redis,
      io.lettuce.core.api.StatefulRedisConnection<String, String> livenessConnection, NodeLiveness liveness) {
    this.name = name;
    this.broker = broker;
    this.directory = directory;
    this.redis = redis;
    this.livenessConnection = livenessConnection;
    this.liveness = liveness;
  }

  /** Picks the engines; connecting to Redis blocks, so call it from a plain thread. */
  static Engines open(Config config, String nodeId) {
    String url = config.string(Keys.CLUSTER_REDIS_URL);
    if (url.isBlank()) {
      return new Engines("memory", new MemoryBroker(), new MemoryDirectory(), null, null, null);
    }
    RedisURI uri = RedisURI.create(url);
    String prefix = config.string(Keys.CLUSTER_REDIS_PREFIX);
    RedisClient client = RedisClient.create();
    // While Redis is unreachable, commands fail at once instead of piling up in memory without bound.
    client.setOptions(io.lettuce.core.ClientOptions.builder()
        .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(100_000)
        .build());
    try {
      RedisBroker broker = join(RedisBroker.connect(client, uri, prefix, nodeId));
      RedisDirectory directory = join(RedisDirectory.connect(client, uri, prefix));
      var conn = client.connect(io.lettuce.core.codec.StringCodec.UTF8, uri);
      return new Engines("redis", broker, directory, client, conn, new NodeLiveness(prefix, conn, directory));
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  String name() {
    return name;
  }

  Broker broker() {
    return broker;
  }

  Directory directory() {
    return directory;
  }

  /** Whether the backend answers; the memory engines always do. */
  Future<Boolean> ping() {
    return directory instanceof RedisDirectory r ? r.ping() : Future.succeededFuture(true);
  }

  /**
   * With Redis: beats this node's heartbeat every {@code interval} (alive for {@code timeout}) and,
   * at each beat, removes the presence of nodes whose heartbeat has expired.
   */
  void startLiveness(Vertx vertx, String nodeId, Duration interval, Duration timeout) {
    if (liveness == null) {
      return;
    }
    liveness.beat(nodeId, timeout);
    livenessTimer = vertx.setPeriodic(interval.toMillis(), id -> liveness.beat(nodeId, timeout)
        .compose(v -> liveness.reap())
        .onSuccess(dead -> dead.forEach(n -> LOG.warn("node {} stopped beating; its presence entries are removed", n)))
        .onFailure(e -> LOG.warn("node heartbeat failed: {}", e.toString())));
  }

  /** Closes the Redis connections and client (blocking; call it off the event loops). */
  void close(Vertx vertx) {
    if (redis == null) {
      return;
    }
    if (livenessTimer >= 0) {
      vertx.cancelTimer(livenessTimer);
    }
    try {
      livenessConnection.close();
      join(((RedisBroker) broker).close());
      join(((RedisDirectory) directory).close());
    } finally {
      redis.shutdown();
    }
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
