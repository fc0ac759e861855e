package io.switchboard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.limits.Counters.Counter;
import io.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every counters engine promises. {@link #first()} and {@link #second()} are the counters as
 * two nodes see them, both on {@link #clock}; an engine without a cluster (memory) answers both with
 * the same counters.
 */
public abstract class CountersContract {
  protected static final Duration MINUTE = Duration.ofMinutes(1);

  /** Both nodes' clock, 10 s into a minute, so a test does not cross a window boundary by itself. */
  protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
      .plusSeconds(10));

  protected abstract Counters first();

  protected abstract Counters second();

  @Test
  void bothNodesCountIntoTheSameWindowPerKey() {
    Counter onFirst = first().counter("failures", MINUTE);
    Counter onSecond = second().counter("failures", MINUTE);

    assertThat(join(onFirst.increment("alice"))).isEqualTo(1);
    assertThat(join(onSecond.increment("alice"))).isEqualTo(2);
    assertThat(join(onFirst.increment("alice"))).isEqualTo(3);
    assertThat(join(onSecond.increment("bob"))).isEqualTo(1);

    assertThat(join(onSecond.count("alice"))).isEqualTo(3);
    assertThat(join(onFirst.count("bob"))).isEqualTo(1);
    assertThat(join(onFirst.count("nobody"))).isZero();
  }

  @Test
  void countersWithDifferentNamesAreSeparate() {
    join(first().counter("failures", MINUTE).increment("alice"));
    assertThat(join(second().counter("codes", MINUTE).count("alice"))).isZero();
    assertThat(join(second().counter("codes", MINUTE).increment("alice"))).isEqualTo(1);
    assertThat(join(first().counter("failures", MINUTE).count("alice"))).isEqualTo(1);
  }

  @Test
  void theCountRestartsWhenTheWindowEnds() {
    Counter counter = first().counter("failures", MINUTE);
    join(counter.increment("alice"));
    join(counter.increment("alice"));
    long reset = counter.millisUntilReset();
    assertThat(reset).isEqualTo(50_000);

    clock.advance(Duration.ofMillis(reset - 1));
    assertThat(join(second().counter("failures", MINUTE).count("alice"))).isEqualTo(2);
    assertThat(second().counter("failures", MINUTE).millisUntilReset()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    assertThat(join(counter.count("alice"))).isZero();
    assertThat(counter.millisUntilReset()).isEqualTo(60_000);
    assertThat(join(second().counter("failures", MINUTE).increment("alice"))).isEqualTo(1);
  }

  @Test
  void decrementNeverGoesBelowZero() {
    Counter counter = first().counter("failures", MINUTE);
    Counter other = second().counter("failures", MINUTE);
    join(counter.decrement("alice"));
    assertThat(join(counter.count("alice"))).isZero();
    assertThat(join(other.increment("alice"))).isEqualTo(1);

    join(counter.decrement("alice"));
    join(other.decrement("alice"));
    assertThat(join(counter.count("alice"))).isZero();
    assertThat(join(other.increment("alice"))).isEqualTo(1);
  }

  @Test
  void aDecrementDoesNotReachIntoThePreviousWindow() {
    Counter counter = first().counter("failures", MINUTE);
    join(counter.increment("alice"));
    clock.advance(MINUTE);
    join(counter.decrement("alice"));
    assertThat(join(counter.increment("alice"))).isEqualTo(1);
  }

  @Test
  void simultaneousIncrementsOnTwoNodesEachGetTheirOwnCount() {
    Counter onFirst = first().counter("failures", MINUTE);
    Counter onSecond = second().counter("failures", MINUTE);
    List<Future<Long>> counts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      counts.add(onFirst.increment("alice"));
      counts.add(onSecond.increment("alice"));
    }
    List<Long> seen = counts.stream().map(CountersContract::join).sorted().toList();
    assertThat(seen).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
  }

  protected static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
