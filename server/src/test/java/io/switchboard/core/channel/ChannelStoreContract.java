package io.switchboard.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every channel store promises, for pairing and any profile built on channels. {@link #first()}
 * and {@link #second()} are the store as two nodes see it (the memory engine answers both with one
 * store); both run on {@link #clock}.
 */
public abstract class ChannelStoreContract {
  protected static final Binding DESK = new Binding("alice", "desk-1");
  protected static final Binding MOB = new Binding("alice", "mob-1");
  protected static final Duration GRACE = Duration.ofSeconds(60);

  protected final MutableClock clock = MutableClock.startingNow();

  protected abstract ChannelStore first();

  protected abstract ChannelStore second();

  /** An unpaired channel as pairing creates it: desktop bound, code attribute, 5 minutes to live. */
  protected ChannelSpec pairSpec(String name) {
    return new ChannelSpec(name, List.of("desktop", "mobile"), Map.of("desktop", DESK),
        Map.of("code", name, "owner", "alice"), clock.instant().plusSeconds(300), GRACE, 100);
  }

  /** A paired channel with both members in it: desktop via the first node, mobile via the second. */
  protected void paired(String name) throws Exception {
    assertThat(join(first().create(pairSpec(name)))).isTrue();
    assertThat(join(second().bind(name, "mobile", MOB, "owner=alice"))).isNotNull();
    assertThat(join(first().join(name, "desktop", DESK, "conn-d", -1))).isInstanceOf(JoinOutcome.Joined.class);
    assertThat(join(second().join(name, "mobile", MOB, "conn-m", -1))).isInstanceOf(JoinOutcome.Joined.class);
  }

  @Test
  void aNameIsUniqueAmongLiveChannelsAndFreeAgainAfterExpiry() throws Exception {
    assertThat(join(first().create(pairSpec("pair-1")))).isTrue();
    assertThat(join(second().create(pairSpec("pair-1")))).isFalse();

    clock.advance(Duration.ofSeconds(301));
    assertThat(join(second().get("pair-1"))).isNull();
    assertThat(join(second().create(pairSpec("pair-1")))).isTrue();
  }

  @Test
  void aSlotIsBoundOnceAndOnlyWhenTheRequiredAttributeMatches() throws Exception {
    join(first().create(pairSpec("pair-2")));
    assertThat(join(second().bind("pair-2", "mobile", new Binding("mallory", "m"), "owner=mallory"))).isNull();
    assertThat(join(second().bind("pair-2", "nosuchslot", MOB, null))).isNull();
    assertThat(join(second().bind("pair-404", "mobile", MOB, null))).isNull();

    ChannelView bound = join(second().bind("pair-2", "mobile", MOB, "owner=alice"));
    assertThat(bound.bound()).isTrue();
    assertThat(bound.attributes()).containsEntry("code", "pair-2");
    // A used code cannot be used again, from any node.
    assertThat(join(first().bind("pair-2", "mobile", new Binding("alice", "mob-2"), "owner=alice"))).isNull();
  }

  @Test
  void aViewNamesTheIdentityOfEveryBoundSlotConnectedOrNot() throws Exception {
    List<String> slots = List.of("desktop", "mobile", "mobile-2", "mobile-3");
    join(first().create(new ChannelSpec("group-1", slots, Map.of("desktop", DESK), Map.of("owner", "alice"),
        clock.instant().plusSeconds(300), GRACE, 10)));
    Binding other = new Binding("alice", "mob-2");
    assertThat(join(second().bind("group-1", "mobile-2", MOB, "owner=alice")).bindings())
        .isEqualTo(Map.of("desktop", DESK, "mobile-2", MOB));
    assertThat(join(first().bind("group-1", "mobile", other, null)).bindings())
        .isEqualTo(Map.of("desktop", DESK, "mobile", other, "mobile-2", MOB));
    assertThat(join(second().join("group-1", "mobile-2", MOB, "conn-m", -1))).isInstanceOf(JoinOutcome.Joined.class);

    ChannelView view = join(first().get("group-1"));
    assertThat(view.capacity()).isEqualTo(4);
    assertThat(view.bound()).isFalse();
    assertThat(view.members()).extracting(ChannelView.Member::slot).containsExactly("mobile-2");
    assertThat(view.bindings()).isEqualTo(Map.of("desktop", DESK, "mobile", other, "mobile-2", MOB));
  }

  @Test
  void onlyTheBoundIdentityJoinsAndASecondConnectionFindsTheSlotFull() throws Exception {
    paired("pair-3");
    assertThat(join(first().join("pair-3", "mobile", new Binding("alice", "other-session"), "conn-x", -1)))
        .isInstanceOf(JoinOutcome.Invalid.class);
    assertThat(join(first().join("pair-3", "mobile", new Binding("bob", "mob-1"), "conn-x", -1)))
        .isInstanceOf(JoinOutcome.Invalid.class);
    assertThat(join(second().join("pair-3", "mobile", MOB, "conn-m2", -1)))
        .isEqualTo(new JoinOutcome.Full(2, 2));
    assertThat(join(first().join("pair-404", "mobile", MOB, "conn-m2", -1))).isInstanceOf(JoinOutcome.Invalid.class);

    ChannelView view = join(first().get("pair-3"));
    assertThat(view.members()).extracting(ChannelView.Member::connectionId).containsExactlyInAnyOrder("conn-d", "conn-m");
    assertThat(view.member("conn-m").slot()).isEqualTo("mobile");
    assertThat(view.member("conn-m").sessionId()).isEqualTo("mob-1");
  }

  @Test
  void relayNumbersMessagesAcrossNodesAndRefusesNonMembers() throws Exception {
    paired("pair-4");
    Relayed a = join(first().relay("pair-4", "conn-d", null, new SeqText("{\"seq\":", ",\"n\":1}")));
    Relayed b = join(second().relay("pair-4", "conn-m", null, new SeqText("{\"seq\":", ",\"n\":2}")));
    assertThat(a.seq()).isEqualTo(1);
    assertThat(a.text()).isEqualTo("{\"seq\":1,\"n\":1}");
    assertThat(b.seq()).isEqualTo(2);
    assertThat(b.senderId()).isEqualTo("conn-m");
    assertThat(join(first().relay("pair-4", "conn-stranger", null, new SeqText("x", "")))).isNull();
    assertThat(join(first().relay("pair-404", "conn-d", null, new SeqText("x", "")))).isNull();
    assertThat(join(second().get("pair-4")).seq()).isEqualTo(2);
  }

  @Test
  void stateMergesSettingsReplacesOtherKeysAndVersionsEveryChange() throws Exception {
    paired("pair-5");
    relay(first(), "pair-5", "conn-d", new StateChange("settings", obj("{\"audioGain\":50,\"vad\":true}"), true));
    relay(second(), "pair-5", "conn-m", new StateChange("settings", obj("{\"audioGain\":70,\"list\":[]}"), true));
    relay(first(), "pair-5", "conn-d", new StateChange("state:player", obj("{\"track\":1,\"pos\":3}"), false));
    relay(second(), "pair-5", "conn-m", new StateChange("state:player", obj("{\"track\":2}"), false));
    relay(first(), "pair-5", "conn-d", new StateChange("state:mode", Json.parseOrNull("\"night\""), false));
    relay(first(), "pair-5", "conn-d", (StateChange) null);

    ChannelView view = join(second().get("pair-5"));
    assertThat(view.version()).isEqualTo(5);
    assertThat(view.seq()).isEqualTo(6);
    assertThat(view.state().get("settings").value()).isEqualTo(obj("{\"audioGain\":70,\"vad\":true,\"list\":[]}"));
    assertThat(view.state().get("settings").version()).isEqualTo(2);
    assertThat(view.state().get("state:player").value()).isEqualTo(obj("{\"track\":2}"));
    assertThat(view.state().get("state:player").version()).isEqualTo(4);
    assertThat(view.state().get("state:mode").value().asText()).isEqualTo("night");

    // A merge onto a value that is not an object replaces it; a value replaces an object.
    relay(first(), "pair-5", "conn-d", new StateChange("state:mode", obj("{\"dark\":true}"), true));
    relay(first(), "pair-5", "conn-d", new StateChange("state:player", Json.parseOrNull("[1,2]"), false));
    view = join(first().get("pair-5"));
    assertThat(view.state().get("state:mode").value()).isEqualTo(obj("{\"dark\":true}"));
    assertThat(view.state().get("state:player").value()).isEqualTo(Json.parseOrNull("[1,2]"));
  }

  @Test
  void rejoinOnANewConnectionReplaysOnlyTheOtherMembersMessages() throws Exception {
    paired("pair-6");
    relay(second(), "pair-6", "conn-m", "from mobile 1");
    join(first().leave("pair-6", "conn-d"));
    relay(second(), "pair-6", "conn-m", "from mobile 2");

    // The desktop saw seq 1 and comes back on a new connection, through the other node.
    JoinOutcome.Joined back = (JoinOutcome.Joined) join(second().join("pair-6", "desktop", DESK, "conn-d2", 1));
    assertThat(back.replay()).extracting(Relayed::text).containsExactly("from mobile 2#2");
    assertThat(back.replay()).extracting(Relayed::seq).containsExactly(2L);
    relay(first(), "pair-6", "conn-d2", "from desktop");
    join(first().leave("pair-6", "conn-d2"));

    JoinOutcome.Joined again = (JoinOutcome.Joined) join(first().join("pair-6", "desktop", DESK, "conn-d3", 2));
    assertThat(again.replay()).isEmpty();
    JoinOutcome.Joined noReplay = (JoinOutcome.Joined) join(first().join("pair-6", "mobile", MOB, "conn-m", -1));
    assertThat(noReplay.replay()).isEmpty();
  }

  @Test
  void theReplayBufferKeepsOnlyTheNewestMessages() throws Exception {
    ChannelSpec small = new ChannelSpec("pair-7", List.of("desktop", "mobile"), Map.of("desktop", DESK, "mobile", MOB),
        Map.of(), null, GRACE, 3);
    join(first().create(small));
    join(first().join("pair-7", "desktop", DESK, "conn-d", -1));
    join(second().join("pair-7", "mobile", MOB, "conn-m", -1));
    for (int i = 1; i <= 5; i++) {
      relay(first(), "pair-7", "conn-d", "m" + i);
    }
    join(second().leave("pair-7", "conn-m"));
    JoinOutcome.Joined back = (JoinOutcome.Joined) join(second().join("pair-7", "mobile", MOB, "conn-m2", 0));
    assertThat(back.replay()).extracting(Relayed::seq).containsExactly(3L, 4L, 5L);
  }

  @Test
  void anUnpairedChannelDiesWithItsCodeAndTheSweepReportsItOnce() throws Exception {
    List<ChannelView> expired = new CopyOnWriteArrayList<>();
    first().onExpired(expired::add);
    if (second() != first()) {
      second().onExpired(expired::add);
    }
    join(first().create(pairSpec("pair-8")));
    sweepBoth();
    assertThat(expired).isEmpty();

    clock.advance(Duration.ofSeconds(300));
    sweepBoth();
    awaitSize(expired, 1);
    assertThat(expired.get(0).name()).isEqualTo("pair-8");
    assertThat(expired.get(0).bound()).isFalse();
    sweepBoth();
    assertThat(join(first().get("pair-8"))).isNull();
    assertThat(join(second().bind("pair-8", "mobile", MOB, null))).isNull();
    assertThat(expired).hasSize(1);
  }

  @Test
  void aPairedChannelOutlivesItsLastMemberByTheGraceOnly() throws Exception {
    List<ChannelView> expired = new CopyOnWriteArrayList<>();
    first().onExpired(expired::add);
    paired("pair-9");
    // Occupied: the code's expiry no longer applies.
    clock.advance(Duration.ofSeconds(600));
    sweepBoth();
    assertThat(join(second().get("pair-9"))).isNotNull();

    join(first().leave("pair-9", "conn-d"));
    join(second().leave("pair-9", "conn-m"));
    clock.advance(GRACE.minusSeconds(1));
    // A member back within the grace keeps the channel, with its state.
    assertThat(join(second().join("pair-9", "mobile", MOB, "conn-m2", -1))).isInstanceOf(JoinOutcome.Joined.class);
    join(second().leave("pair-9", "conn-m2"));
    clock.advance(GRACE.minusSeconds(1));
    sweepBoth();
    assertThat(join(first().get("pair-9"))).isNotNull();
    clock.advance(Duration.ofSeconds(2));
    assertThat(join(first().get("pair-9"))).isNull();
    assertThat(join(first().join("pair-9", "desktop", DESK, "conn-d3", -1))).isInstanceOf(JoinOutcome.Invalid.class);
    sweepBoth();
    if (second() == first()) {
      awaitSize(expired, 1);
      assertThat(expired.get(0).bound()).isTrue();
    }
  }

  @Test
  void aChannelEstablishedByItsQuorumOutlivesItsExpiryButTakesNoBindAfterIt() throws Exception {
    List<ChannelView> expired = new CopyOnWriteArrayList<>();
    first().onExpired(expired::add);
    if (second() != first()) {
      second().onExpired(expired::add);
    }
    List<String> slots = List.of("desktop", "mobile", "mobile-2", "mobile-3");
    assertThat(join(first().create(new ChannelSpec("group-2", slots, Map.of("desktop", DESK), Map.of("owner", "alice"),
        clock.instant().plusSeconds(300), GRACE, 10, 2)))).isTrue();
    assertThat(join(first().get("group-2")).bound()).isFalse();
    assertThat(join(second().bind("group-2", "mobile", MOB, "owner=alice")).bound()).isTrue();
    assertThat(join(first().join("group-2", "desktop", DESK, "conn-d", -1))).isInstanceOf(JoinOutcome.Joined.class);
    assertThat(join(second().join("group-2", "mobile", MOB, "conn-m", -1))).isInstanceOf(JoinOutcome.Joined.class);
    Binding late = new Binding("alice", "mob-2");
    assertThat(join(second().bind("group-2", "mobile-2", late, "owner=alice"))).isNotNull();

    // Past its expiry the established channel lives on with its members, but no slot can be bound.
    clock.advance(Duration.ofSeconds(301));
    sweepBoth();
    assertThat(join(second().get("group-2"))).isNotNull();
    assertThat(join(first().bind("group-2", "mobile-3", new Binding("alice", "mob-3"), "owner=alice"))).isNull();
    assertThat(join(second().join("group-2", "mobile-2", late, "conn-m2", -1))).isInstanceOf(JoinOutcome.Joined.class);
    relay(first(), "group-2", "conn-d", "hello");

    // With every member gone it lasts the grace, as a fully bound channel does.
    join(first().leave("group-2", "conn-d"));
    join(second().leave("group-2", "conn-m"));
    join(second().leave("group-2", "conn-m2"));
    clock.advance(GRACE.minusSeconds(1));
    sweepBoth();
    assertThat(join(first().get("group-2"))).isNotNull();
    clock.advance(Duration.ofSeconds(2));
    assertThat(join(first().get("group-2"))).isNull();
    sweepBoth();
    awaitSize(expired, 1);
    assertThat(expired.get(0).bound()).isTrue();
  }

  @Test
  void leavingTellsWhetherTheConnectionWasAMember() throws Exception {
    paired("pair-10");
    assertThat(join(second().leave("pair-10", "conn-stranger"))).isNull();
    ChannelView after = join(second().leave("pair-10", "conn-d"));
    assertThat(after.members()).extracting(ChannelView.Member::connectionId).containsExactly("conn-m");
    assertThat(join(first().leave("pair-10", "conn-d"))).isNull();
  }

  protected void sweepBoth() {
    first().sweep();
    if (second() != first()) {
      second().sweep();
    }
  }

  protected static void awaitSize(List<?> list, int n) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> list.size() >= n);
  }

  protected static void relay(ChannelStore store, String name, String sender, StateChange change) throws Exception {
    assertThat(join(store.relay(name, sender, change, new SeqText("{\"seq\":", "}")))).isNotNull();
  }

  protected static void relay(ChannelStore store, String name, String sender, String text) throws Exception {
    assertThat(join(store.relay(name, sender, null, new SeqText(text + "#", "")))).isNotNull();
  }

  protected static JsonNode obj(String json) {
    return Json.parseOrNull(json);
  }

  protected static <T> T join(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
