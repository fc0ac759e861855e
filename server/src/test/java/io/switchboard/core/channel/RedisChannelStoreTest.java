package io.switchboard.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.channel.redis.RedisChannelStore;
import io.switchboard.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two RedisChannelStore instances (nodes node-1 and node-2) on one Redis, under a key prefix of their own. */
class RedisChannelStoreTest extends ChannelStoreContract {
  @RegisterExtension
  static final RedisFixture redis = new RedisFixture();

  private String prefix;
  private RedisChannelStore first;
  private RedisChannelStore second;

  @BeforeEach
  void nodes() throws Exception {
    prefix = redis.prefix();
    first = join(RedisChannelStore.connect(redis.client(), redis.uri(), prefix, "node-1", clock));
    second = join(RedisChannelStore.connect(redis.client(), redis.uri(), prefix, "node-2", clock));
    // Both nodes are alive, as their heartbeats would say.
    redis.raw().sync().set(prefix + "node:node-1", "alive");
    redis.raw().sync().set(prefix + "node:node-2", "alive");
  }

  @AfterEach
  void close() throws Exception {
    join(first.close());
    join(second.close());
  }

  @Override
  protected ChannelStore first() {
    return first;
  }

  @Override
  protected ChannelStore second() {
    return second;
  }

  @Test
  void aSlotHeldByADeadNodeIsFreeToTake() throws Exception {
    paired("pair-20");
    assertThat(join(first.join("pair-20", "mobile", MOB, "conn-m2", -1))).isInstanceOf(JoinOutcome.Full.class);

    redis.raw().sync().del(prefix + "node:node-2");

    assertThat(join(first.join("pair-20", "mobile", MOB, "conn-m2", -1))).isInstanceOf(JoinOutcome.Joined.class);
    assertThat(join(first.get("pair-20")).member("conn-m2").slot()).isEqualTo("mobile");
    assertThat(join(first.relay("pair-20", "conn-m", null, new SeqText("x", "")))).isNull();
  }

  @Test
  void removingADeadNodeEndsItsMembershipsAndStartsTheGrace() throws Exception {
    paired("pair-21");
    join(second.leave("pair-21", "conn-m"));
    join(second.join("pair-21", "mobile", MOB, "conn-m", -1));
    redis.raw().sync().del(prefix + "node:node-1");

    assertThat(join(second.removeNode("node-1"))).isEqualTo(1L);

    ChannelView view = join(second.get("pair-21"));
    assertThat(view.members()).extracting(ChannelView.Member::connectionId).containsExactly("conn-m");
    join(second.leave("pair-21", "conn-m"));
    clock.advance(GRACE.plusSeconds(1));
    assertThat(join(first.get("pair-21"))).isNull();
    assertThat(redis.raw().sync().exists(prefix + "chan-node:node-1")).isZero();
  }

  @Test
  void anExpiredChannelLeavesNoKeysBehind() throws Exception {
    paired("pair-22");
    relay(first, "pair-22", "conn-d", "hello");
    join(first.leave("pair-22", "conn-d"));
    join(second.leave("pair-22", "conn-m"));
    clock.advance(GRACE.plusSeconds(1));
    java.util.List<ChannelView> expired = new java.util.concurrent.CopyOnWriteArrayList<>();
    first.onExpired(expired::add);
    first.sweep();
    awaitSize(expired, 1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(redis.raw().sync().keys(prefix + "chan*")).isEmpty());
  }

  @Test
  void aChannelStoredWithoutAQuorumNeedsEverySlotBound() throws Exception {
    // As a node from before quorums stored it: no quorum, no bind deadline.
    java.util.List<String> slots = java.util.List.of("desktop", "mobile", "mobile-2");
    assertThat(join(first.create(new ChannelSpec("group-24", slots, java.util.Map.of("desktop", DESK),
        java.util.Map.of("owner", "alice"), clock.instant().plusSeconds(300), GRACE, 10, 2)))).isTrue();
    redis.raw().sync().hdel(prefix + "chan:group-24", "quorum", "bindby");

    assertThat(join(second.bind("group-24", "mobile", MOB, "owner=alice")).bound()).isFalse();
    assertThat(join(first.join("group-24", "mobile", MOB, "conn-m", -1))).isInstanceOf(JoinOutcome.Joined.class);
    clock.advance(java.time.Duration.ofSeconds(301));
    assertThat(join(second.get("group-24"))).isNull();
  }

  @Test
  void scriptsAreSentAgainAfterRedisForgetsThem() throws Exception {
    redis.raw().sync().scriptFlush();
    assertThat(join(first.create(pairSpec("pair-23")))).isTrue();
    assertThat(join(second.get("pair-23")).attributes()).containsEntry("code", "pair-23");
  }
}
