package io.switchboard.core.limits.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.core.limits.Counters;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/**
 * Counters shared by every node on one Redis. A key's count in one window is a Redis string,
 *
 * <pre>
 * &lt;p&gt;limit:&lt;name&gt;:&lt;key&gt;:&lt;n&gt;   the count in window n (n = clock millis / window length)
 * </pre>
 *
 * incremented with {@code INCR} and given an expiry of the rest of its window plus
 * {@link #EXPIRY_MARGIN} in the same script, so a key outlives its window only by the margin and
 * nothing accumulates. The window number comes from each node's clock: nodes whose clocks differ
 * by d count into different windows for d around each window boundary, so keep them in sync (NTP).
 */
public final class RedisCounters implements Counters {
  /** How long a key outlives its window, for nodes whose clocks run a little behind. */
  public static final Duration EXPIRY_MARGIN = Duration.ofSeconds(1);

  private final String prefix;
  private final Clock clock;
  private final StatefulRedisConnection<String, String> connection;
  private final Scripts scripts;

  private RedisCounters(String prefix, Clock clock, StatefulRedisConnection<String, String> connection) {
    this.prefix = prefix;
    this.clock = clock;
    this.connection = connection;
    this.scripts = new Scripts(connection);
  }

  /** Opens the counters' connection; {@code keyPrefix} namespaces its keys. */
  public static Future<RedisCounters> connect(RedisClient client, RedisURI uri, String keyPrefix, Clock clock) {
    return fromStage(client.connectAsync(StringCodec.UTF8, uri)).map(c -> new RedisCounters(keyPrefix, clock, c));
  }

  @Override
  public Counter counter(String name, Duration window) {
    return new RedisCounter(prefix + "limit:" + name + ":", window.toMillis());
  }

  public Future<Void> close() {
    return fromStage(connection.closeAsync());
  }

  private final class RedisCounter implements Counter {
    private final String keyPrefix;
    private final long windowMillis;

    RedisCounter(String keyPrefix, long windowMillis) {
      this.keyPrefix = keyPrefix;
      this.windowMillis = windowMillis;
    }

    @Override
    public Future<Long> increment(String key) {
      long now = clock.millis();
      long ttl = windowMillis - Math.floorMod(now, windowMillis) + EXPIRY_MARGIN.toMillis();
      return fromStage(scripts.integer(Scripts.INCREMENT, redisKey(key, now), Long.toString(ttl)));
    }

    @Override
    public Future<Void> decrement(String key) {
      return fromStage(scripts.integer(Scripts.DECREMENT, redisKey(key, clock.millis()))).mapEmpty();
    }

    @Override
    public Future<Long> count(String key) {
      return fromStage(connection.async().get(redisKey(key, clock.millis())))
          .map(value -> value == null ? 0L : Long.parseLong(value));
    }

    @Override
    public long millisUntilReset() {
      return windowMillis - Math.floorMod(clock.millis(), windowMillis);
    }

    private String redisKey(String key, long now) {
      return keyPrefix + key + ":" + Math.floorDiv(now, windowMillis);
    }
  }

}
