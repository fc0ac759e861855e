package io.switchboard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.limits.Counters.Counter;
import io.switchboard.core.limits.redis.RedisCounters;
import io.switchboard.testing.RedisFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two RedisCounters instances (two nodes) on one Redis, under a key prefix of their own. */
class RedisCountersTest extends CountersContract {
  @RegisterExtension
  static final RedisFixture redis = new RedisFixture();

  private String prefix;
  private RedisCounters first;
  private RedisCounters second;

  @BeforeEach
  void nodes() {
    prefix = redis.prefix();
    first = join(RedisCounters.connect(redis.client(), redis.uri(), prefix, clock));
    second = join(RedisCounters.connect(redis.client(), redis.uri(), prefix, clock));
  }

  @AfterEach
  void close() {
    join(first.close());
    join(second.close());
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
    assertThat(redis.raw().sync().keys(prefix + "*"))
        .containsExactlyInAnyOrder(key, prefix + "limit:failures:10.0.0.1:" + number);
    assertThat(redis.raw().sync().pttl(key))
        .isBetween(1L, counter.millisUntilReset() + RedisCounters.EXPIRY_MARGIN.toMillis());

    await().atMost(window.plus(RedisCounters.EXPIRY_MARGIN).plusSeconds(2))
        .until(() -> redis.raw().sync().keys(prefix + "*").isEmpty());
  }

  @Test
  void decrementingAKeyThatIsNotThereCreatesNothing() {
    join(first.counter("failures", MINUTE).decrement("alice"));
    join(first.counter("failures", MINUTE).count("alice"));
    assertThat(redis.raw().sync().keys(prefix + "*")).isEmpty();
  }

  @Test
  void aKeyKeepsItsExpiryWhenDecrementedAndIncrementedAgain() {
    Counter counter = first.counter("failures", MINUTE);
    join(counter.increment("alice"));
    join(counter.decrement("alice"));
    join(second.counter("failures", MINUTE).increment("alice"));
    String key = prefix + "limit:failures:alice:" + clock.millis() / MINUTE.toMillis();
    assertThat(redis.raw().sync().pttl(key)).isBetween(1L, 50_000L + RedisCounters.EXPIRY_MARGIN.toMillis());
  }

  @Test
  void scriptsAreSentAgainAfterRedisForgetsThem() {
    redis.raw().sync().scriptFlush();
    Counter counter = first.counter("failures", MINUTE);
    assertThat(join(counter.increment("alice"))).isEqualTo(1);
    join(counter.decrement("alice"));
    assertThat(join(counter.count("alice"))).isZero();
  }
}
