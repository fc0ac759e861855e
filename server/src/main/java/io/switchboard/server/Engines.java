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
import io.switchboard.core.presence.redis.RedisDirectory;
import io.vertx.core.Future;

/** The broker and directory this node runs on: in memory, or in Redis when a URL is configured. */
final class Engines {
  private final String name;
  private final Broker broker;
  private final Directory directory;
  private final RedisClient redis;

  private Engines(String name, Broker broker, Directory directory, RedisClient redis) {
    this.name = name;
    this.broker = broker;
    this.directory = directory;
    this.redis = redis;
  }

  /** Picks the engines; connecting to Redis blocks, so call it from a plain thread. */
  static Engines open(Config config, String nodeId) {
    String url = config.string(Keys.CLUSTER_REDIS_URL);
    if (url.isBlank()) {
      return new Engines("memory", new MemoryBroker(), new MemoryDirectory(), null);
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
      return new Engines("redis", broker, directory, client);
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

  /** Closes the Redis connections and client (blocking; call it off the event loops). */
  void close() {
    if (redis == null) {
      return;
    }
    try {
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
