package io.switchboard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.limits.Counters.Counter;
import io.switchboard.core.limits.redis.RedisCounters;
import io.switchboard.testing.Services;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two RedisCounters instances (two nodes) on one Redis, under a key prefix of their own. */
class RedisCountersTest extends CountersContract {
  private static RedisClient client;
  private static RedisURI uri;
  private String prefix;
  private RedisCounters first;
  private RedisCounters second;
  private StatefulRedisConnection<String, String> redis;

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
  void nodes() {
    prefix = Services.uniqueRedisPrefix();
    first = join(RedisCounters.connect(client, uri, prefix, clock));
    second = join(RedisCounters.connect(client, uri, prefix, clock));
    redis = client.connect(uri);
  }

  @AfterEach
  void close() {
    join(first.close());
    join(second.close());
    redis.close();
    Services.deleteRedisKeys(client, prefix);
  }

  @Override
  protected Counters first() {
    return first;
  }

  @Override
  protected Counters second() {
    return second;
  }

  @Test
  void aWindowsKeyIsNamedAfterItAndExpiresShortlyAfterIt() {
    Duration window = Duration.ofMillis(400);
    Counter counter = first.counter("failures", window);
    join(counter.increment("alice"));
    join(second.counter("failures", window).increment("10.0.0.1"));

    long number = clock.millis() / window.toMillis();
    String key = prefix + "limit:failures:alice:" + number;
    assertThat(redis.sync().keys(prefix + "*"))
        .containsExactlyInAnyOrder(key, prefix + "limit:failures:10.0.0.1:" + number);
    assertThat(redis.sync().pttl(key))
        .isBetween(1L, counter.millisUntilReset() + RedisCounters.EXPIRY_MARGIN.toMillis());

    await().atMost(window.plus(RedisCounters.EXPIRY_MARGIN).plusSeconds(2))
        .until(() -> redis.sync().keys(prefix + "*").isEmpty());
  }

  @Test
  void decrementingAKeyThatIsNotThereCreatesNothing() {
    join(first.counter("failures", MINUTE).decrement("alice"));
    join(first.counter("failures", MINUTE).count("alice"));
    assertThat(redis.sync().keys(prefix + "*")).isEmpty();
  }

  @Test
  void aKeyKeepsItsExpiryWhenDecrementedAndIncrementedAgain() {
    Counter counter = first.counter("failures", MINUTE);
    join(counter.increment("alice"));
    join(counter.decrement("alice"));
    join(second.counter("failures", MINUTE).increment("alice"));
    String key = prefix + "limit:failures:alice:" + clock.millis() / MINUTE.toMillis();
    assertThat(redis.sync().pttl(key)).isBetween(1L, 50_000L + RedisCounters.EXPIRY_MARGIN.toMillis());
  }

  @Test
  void scriptsAreSentAgainAfterRedisForgetsThem() {
    redis.sync().scriptFlush();
    Counter counter = first.counter("failures", MINUTE);
    assertThat(join(counter.increment("alice"))).isEqualTo(1);
    join(counter.decrement("alice"));
    assertThat(join(counter.count("alice"))).isZero();
  }
}
