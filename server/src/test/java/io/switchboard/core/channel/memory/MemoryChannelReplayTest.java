package io.switchboard.core.channel.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.JoinOutcome;
import io.switchboard.core.channel.Relayed;
import io.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replay on rejoin: a member gets what the others relayed after its last seq, never its own messages. */
class MemoryChannelReplayTest {
  private static final Binding DESK = new Binding("alice", "desk-1");
  private static final Binding MOB = new Binding("alice", "mob-1");

  @Test
  void rejoinOnNewConnectionReplaysOnlyTheOtherMembersMessages() {
    MutableClock clock = MutableClock.startingNow();
    MemoryChannelStore store = new MemoryChannelStore(clock);
    store.create(new ChannelSpec("pair-1", List.of("desktop", "mobile"), Map.of("desktop", DESK), Map.of(),
        clock.instant().plusSeconds(300), Duration.ofSeconds(60), 100));
    store.bind("pair-1", "mobile", MOB, null);
    store.join("pair-1", "desktop", DESK, "conn-d1", -1);
    store.join("pair-1", "mobile", MOB, "conn-m1", -1);

    relay(store, "conn-m1", "from mobile 1");
    store.leave("pair-1", "conn-d1");
    relay(store, "conn-m1", "from mobile 2");

    // The desktop saw seq 1, sent seq 3 right before its socket died, then comes back on a new connection.
    JoinOutcome.Joined first = (JoinOutcome.Joined) store.join("pair-1", "desktop", DESK, "conn-d2", 1).result();
    assertThat(first.replay()).extracting(Relayed::text).containsExactly("from mobile 2");
    relay(store, "conn-d2", "from desktop");
    store.leave("pair-1", "conn-d2");

    JoinOutcome.Joined again = (JoinOutcome.Joined) store.join("pair-1", "desktop", DESK, "conn-d3", 2).result();
    assertThat(again.replay()).isEmpty();
    JoinOutcome.Joined mobileBack = (JoinOutcome.Joined) store.join("pair-1", "mobile", MOB, "conn-m1", 2).result();
    assertThat(mobileBack.replay()).extracting(Relayed::text).containsExactly("from desktop");
  }

  private static void relay(MemoryChannelStore store, String sender, String text) {
    assertThat(store.relay("pair-1", sender, null, seq -> text).result()).isNotNull();
  }
}
