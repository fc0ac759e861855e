package io.switchboard.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.broker.redis.RedisBroker;
import io.switchboard.testing.RedisFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two RedisBroker nodes with different ids on one Redis, under a key prefix of their own. */
class RedisBrokerTest extends BrokerContract {
  @RegisterExtension
  static final RedisFixture redis = new RedisFixture();

  private RedisBroker first;
  private RedisBroker second;

  @BeforeEach
  void nodes() throws Exception {
    first = join(RedisBroker.connect(redis.client(), redis.uri(), redis.prefix(), "node-1"));
    second = join(RedisBroker.connect(redis.client(), redis.uri(), redis.prefix(), "node-2"));
  }

  @AfterEach
  void close() throws Exception {
    join(first.close());
    join(second.close());
  }

  @Override
  protected Broker first() {
    return first;
  }

  @Override
  protected Broker second() {
    return second;
  }

  @Test
  void aNodeListensToATopicOnlyWhileItHasReceiversForIt() throws Exception {
    String channel = redis.prefix() + "broker:room";
    Broker.Subscription a = subscribe(first, "room", new Collecting("a"));
    Broker.Subscription b = subscribe(first, "room", new Collecting("b"));
    StatefulRedisConnection<String, String> raw = redis.raw();
    assertThat(subscribersOf(raw, channel)).isEqualTo(1L);
    a.cancel();
    assertThat(first.subscribers("room")).isEqualTo(1);
    b.cancel();
    assertThat(first.subscribers("room")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribersOf(raw, channel) == 0L);
    subscribe(first, "room", new Collecting("c"));
    assertThat(subscribersOf(raw, channel)).isEqualTo(1L);
  }

  private static long subscribersOf(StatefulRedisConnection<String, String> redis, String channel) {
    Map<String, Long> counts = redis.sync().pubsubNumsub(channel);
    return counts.getOrDefault(channel, 0L);
  }
}
