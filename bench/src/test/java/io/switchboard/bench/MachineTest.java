package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The steal share in every report's notes comes from /proc/stat's first line. */
class MachineTest {
  @Test
  void totalIsUserToStealAndGuestTimeIsNotCountedTwice() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    long[] ticks = Machine.cpuTicks("cpu  4660 0 3682 18530 573 0 163 818 120 0");
    assertThat(ticks).containsExactly(4660 + 3682 + 18530 + 573 + 163 + 818, 818);
  }

  @Test
  void aKernelWithoutAStealColumnStealsNothing() {
    assertThat(Machine.cpuTicks("cpu 100 0 50 850 0 0 0")).containsExactly(1000, 0);
  }

  @Test
  void onlyTheAggregateCpuLineIsRead() {
    assertThatThrownBy(() -> Machine.cpuTicks("cpu0 100 0 50 850 0 0 0 5"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stealIsTheShareOfTicksBetweenTwoReadings() {
    assertThat(Machine.steal(new long[] {10_000, 100}, new long[] {12_000, 200})).isEqualTo("5.0 %");
    assertThat(Machine.steal(null, new long[] {1, 1})).isEqualTo("unknown");
    assertThat(Machine.steal(new long[] {5, 0}, new long[] {5, 0})).isEqualTo("unknown");
  }
}
