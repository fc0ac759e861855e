package io.switchboard.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.broker.redis.RedisBroker;
import io.switchboard.testing.Services;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two RedisBroker nodes with different ids on one Redis, under a key prefix of their own. */
class RedisBrokerTest extends BrokerContract {
  private static RedisClient client;
  private static RedisURI uri;
  private String prefix;
  private RedisBroker first;
  private RedisBroker second;

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
  void nodes() throws Exception {
    prefix = Services.uniqueRedisPrefix();
    first = join(RedisBroker.connect(client, uri, prefix, "node-1"));
    second = join(RedisBroker.connect(client, uri, prefix, "node-2"));
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
    String channel = prefix + "broker:room";
    Broker.Subscription a = subscribe(first, "room", new Collecting("a"));
    Broker.Subscription b = subscribe(first, "room", new Collecting("b"));
    try (StatefulRedisConnection<String, String> redis = client.connect(uri)) {
      assertThat(subscribersOf(redis, channel)).isEqualTo(1L);
      a.cancel();
      assertThat(first.subscribers("room")).isEqualTo(1);
      b.cancel();
      assertThat(first.subscribers("room")).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> subscribersOf(redis, channel) == 0L);
      subscribe(first, "room", new Collecting("c"));
      assertThat(subscribersOf(redis, channel)).isEqualTo(1L);
    }
  }

  private static long subscribersOf(StatefulRedisConnection<String, String> redis, String channel) {
    Map<String, Long> counts = redis.sync().pubsubNumsub(channel);
    return counts.getOrDefault(channel, 0L);
  }
}
