package io.switchboard.server;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.broker.memory.MemoryBroker;
import io.switchboard.core.broker.redis.RedisBroker;
import io.switchboard.core.channel.ChannelStore;
import io.switchboard.core.channel.memory.MemoryChannelStore;
import io.switchboard.core.channel.redis.RedisChannelStore;
import io.switchboard.core.limits.Counters;
import io.switchboard.core.limits.memory.MemoryCounters;
import io.switchboard.core.limits.redis.RedisCounters;
import io.switchboard.core.presence.Directory;
import io.switchboard.core.presence.memory.MemoryDirectory;
import io.switchboard.core.presence.redis.NodeLiveness;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker, directory, channel store and counters this node runs on: in memory, or in Redis when a URL is configured. */
final class Engines {
  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

  private final String name;
  private final Broker broker;
  private final Directory directory;
  private final ChannelStore channels;
  private final Counters counters;
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> livenessConnection;
  private final NodeLiveness liveness;
  private final String wsSecretKey;
  /** The shared WS-token secret as Redis holds it (Base64), or null on a single node. */
  private final String wsSecret;
  private long livenessTimer = -1;
  private volatile boolean cut;
  /** Time for Lettuce to resubscribe the broker's channels after a reconnect, before presence is written again. */
  private static final long REASSERT_DELAY_MS = 500;

  private Engines(String name, String prefix, Broker broker, Directory directory, ChannelStore channels,
      Counters counters, RedisClient redis,
      StatefulRedisConnection<String, String> livenessConnection, NodeLiveness liveness) {
    this.name = name;
    this.broker = broker;
    this.directory = directory;
    this.channels = channels;
    this.counters = counters;
    this.redis = redis;
    this.livenessConnection = livenessConnection;
    this.liveness = liveness;
    this.wsSecretKey = prefix == null ? null : prefix + "ws-token-secret";
    this.wsSecret = prefix == null ? null : sharedSecret(livenessConnection, wsSecretKey);
  }

  /** Picks the engines; connecting to Redis blocks, so call it from a plain thread. */
  static Engines open(Config config, String nodeId, Clock clock) {
    String url = config.string(Keys.CLUSTER_REDIS_URL);
    if (url.isBlank()) {
      return new Engines("memory", null, new MemoryBroker(), new MemoryDirectory(), new MemoryChannelStore(clock),
          new MemoryCounters(clock), null, null, null);
    }
    RedisURI uri = RedisURI.create(url);
    String prefix = config.string(Keys.CLUSTER_REDIS_PREFIX);
    RedisClient client = RedisClient.create();
    // While Redis is unreachable, commands fail at once instead of piling up in memory without bound.
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(100_000)
        .build());
    try {
      RedisBroker broker = join(RedisBroker.connect(client, uri, prefix, nodeId));
      RedisDirectory directory = join(RedisDirectory.connect(client, uri, prefix));
      RedisChannelStore channels = join(RedisChannelStore.connect(client, uri, prefix, nodeId, clock));
      RedisCounters counters = join(RedisCounters.connect(client, uri, prefix, clock));
      // A node restarted under the same id starts clean: what its previous run left is not its own.
      long stale = join(directory.removeNode(nodeId)) + join(channels.removeNode(nodeId));
      if (stale > 0) {
        LOG.info("removed {} presence entries and channel members left in Redis by an earlier run of node {}",
            stale, nodeId);
      }
      var conn = client.connect(StringCodec.UTF8, uri);
      NodeLiveness liveness = new NodeLiveness(prefix, conn, directory).onDeadNode(channels::removeNode);
      return new Engines("redis", prefix, broker, directory, channels, counters, client, conn, liveness);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * The cluster's WS-token secret: the first node to start stores a random one in Redis and every
   * node uses what Redis holds. Null on a single node (the data directory's secret is used).
   */
  byte[] sharedWsSecret() {
    return wsSecret == null ? null : Base64.getDecoder().decode(wsSecret);
  }

  private static String sharedSecret(StatefulRedisConnection<String, String> c, String key) {
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    c.sync().set(key, Base64.getEncoder().encodeToString(candidate), SetArgs.Builder.nx());
    return c.sync().get(key);
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

  ChannelStore channels() {
    return channels;
  }

  Counters counters() {
    return counters;
  }

  /** Whether the backend answers; the memory engines always do. */
  Future<Boolean> ping() {
    return directory instanceof RedisDirectory r ? r.ping() : Future.succeededFuture(true);
  }

  /**
   * With Redis: beats this node's heartbeat every {@code interval} (alive for {@code timeout},
   * reachable by other nodes at {@code url}) and, at each beat, removes the presence of nodes whose
   * heartbeat has expired.
   */
  void startLiveness(Vertx vertx, String nodeId, String url, Duration interval, Duration timeout) {
    if (liveness == null) {
      return;
    }
    liveness.beat(nodeId, url, timeout);
    // After a dropped connection to Redis (a network blip, a Redis restart) other nodes may have
    // removed this node's bindings as unreachable: write them again once Lettuce has reconnected.
    AtomicBoolean pending = new AtomicBoolean();
    redis.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (!cut && pending.compareAndSet(false, true)) {
          vertx.setTimer(REASSERT_DELAY_MS, t -> {
            pending.set(false);
            reassert();
          });
        }
      }
    });
    livenessTimer = vertx.setPeriodic(interval.toMillis(), id -> liveness.beat(nodeId, url, timeout)
        .compose(relisted -> relisted ? reassert() : Future.succeededFuture())
        // After a Redis restart the shared secret is put back, so nodes started later agree with this one.
        .compose(v -> Future.fromCompletionStage(livenessConnection.async().set(wsSecretKey, wsSecret,
            SetArgs.Builder.nx())))
        .compose(v -> liveness.reap())
        .onSuccess(dead -> dead.forEach(n -> LOG.warn("node {} stopped beating; its presence entries are removed", n)))
        .onFailure(e -> LOG.warn("node heartbeat failed: {}", e.toString())));
  }

  /** Writes this node's presence and channel members to Redis again, after Redis lost them. */
  private Future<Void> reassert() {
    Future<Integer> entries = ((RedisDirectory) directory).reassert();
    Future<Integer> members = ((RedisChannelStore) channels).reassert();
    return Future.join(entries, members).onComplete(ar -> LOG.warn(
        "wrote this node's {} directory entries and bindings and {} channel members to Redis again",
        entries.result(), members.result()))
        .mapEmpty();
  }

  /**
   * Stops the heartbeats and closes the Redis connections at once, leaving the heartbeat key to
   * expire and the client open, so later Redis calls fail instead of acting ({@code halt()}).
   * Blocking; call it off the event loops, and {@link #close} afterwards.
   */
  void cut(Vertx vertx) {
    if (redis == null || cut) {
      return;
    }
    cut = true;
    if (livenessTimer >= 0) {
      vertx.cancelTimer(livenessTimer);
    }
    livenessConnection.close();
    join(((RedisBroker) broker).close());
    join(((RedisDirectory) directory).close());
    join(((RedisChannelStore) channels).close());
    join(((RedisCounters) counters).close());
  }

  /** Closes the Redis connections and client (blocking; call it off the event loops). */
  void close(Vertx vertx) {
    if (redis == null) {
      return;
    }
    try {
      cut(vertx);
    } finally {
      redis.shutdown();
    }
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
