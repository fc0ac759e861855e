package io.switchboard.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.presence.Directory.Entry;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every directory engine promises. {@link #first()} and {@link #second()} are the directory as
 * two nodes see it; an engine without a cluster (memory) answers both with the same directory.
 */
public abstract class DirectoryContract {
  protected abstract Directory first();

  protected abstract Directory second();

  @Test
  void byUserAndCountSeeEveryNode() throws Exception {
    Entry phone = new Entry("c1", "alice", "pairing", "node-1");
    Entry desktop = new Entry("c2", "alice", "pairing", "node-2");
    Entry glasses = new Entry("c3", "alice", "glasses", "node-2");
    Entry bob = new Entry("c4", "bob", "pairing", "node-1");
    join(first().register(phone));
    join(second().register(desktop));
    join(second().register(glasses));
    join(first().register(bob));

    assertThat(join(first().byUser("alice"))).containsExactlyInAnyOrder(phone, desktop, glasses);
    assertThat(join(second().byUser("bob"))).containsExactly(bob);
    assertThat(join(first().byUser("nobody"))).isEmpty();
    assertThat(join(first().count("pairing"))).isEqualTo(3);
    assertThat(join(second().count("glasses"))).isEqualTo(1);
    assertThat(join(second().count("devices"))).isZero();

    join(second().unregister("c1"));
    join(first().unregister("c3"));
    join(first().unregister("never-registered"));

    assertThat(join(second().byUser("alice"))).containsExactly(desktop);
    assertThat(join(first().count("pairing"))).isEqualTo(2);
    assertThat(join(first().count("glasses"))).isZero();
  }

  @Test
  void registeringAnIdAgainReplacesItsEntry() throws Exception {
    join(first().register(new Entry("c1", "alice", "pairing", "node-1")));
    Entry moved = new Entry("c1", "alice", "devices", "node-2");
    join(second().register(moved));

    assertThat(join(first().byUser("alice"))).containsExactly(moved);
    assertThat(join(first().count("pairing"))).isZero();
    assertThat(join(first().count("devices"))).isEqualTo(1);
  }

  @Test
  void aNewerBindingReplacesAnOlderOneAndUnbindOnlyRemovesItsOwn() throws Exception {
    Entry old = new Entry("c1", "alice", "devices", "node-1");
    Entry newer = new Entry("c2", "alice", "devices", "node-2");
    join(first().bind("device:d1", old));
    assertThat(join(second().lookup("device:d1"))).isEqualTo(old);

    join(second().bind("device:d1", newer));
    assertThat(join(first().lookup("device:d1"))).isEqualTo(newer);

    // The old connection closing late must not remove the newer binding.
    join(first().unbind("device:d1", "c1"));
    assertThat(join(first().lookup("device:d1"))).isEqualTo(newer);

    join(second().unbind("device:d1", "c2"));
    assertThat(join(first().lookup("device:d1"))).isNull();
    join(second().unbind("device:d1", "c2"));
  }

  @Test
  void lookupOfAnUnboundNameIsNull() throws Exception {
    assertThat(join(first().lookup("device:unknown"))).isNull();
  }

  protected static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
