package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle scenario's memory readings: jcmd on a real JVM, the Node peers' collection signal, the per-connection arithmetic. */
class ProbeTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aJvmIsReadForHeapInUseHeapCommittedAndRss() {
    long pid = ProcessHandle.current().pid();
    long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    Probe.Memory m = Probe.process(pid, Probe.Collect.JCMD, null).afterGc();
    long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    assertThat(m.heapUsed()).isPositive();
    assertThat(m.heapCommitted()).isGreaterThanOrEqualTo(m.heapUsed());
    // jcmd reports, in whole KiB, the committed heap the JVM reports to itself (the collection it
    // ran may have resized it, so between the readings before and after)
    assertThat(m.heapCommitted()).isBetween(Math.min(before, after) - 1024, Math.max(before, after) + 1024);
    assertThat(m.rss()).isPositive();
  }

  @Test
  void aProcessAskedToCollectIsReadOnlyOnceItSaysItHasCollected(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("peer.log");
    Path asked = dir.resolve("asked");
    // Answers SIGUSR2 the way the Node peers do, but only after half a second.
    Process p = new ProcessBuilder("bash", "-c", "trap 'touch " + asked + "; sleep 0.5; echo collected' USR2; "
        + "echo ready; while true; do sleep 0.05; done").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitLine(log, "ready");
      Probe.Memory m = Probe.process(p.pid(), Probe.Collect.SIGNAL, log).afterGc();
      assertThat(Files.exists(asked)).isTrue();
      assertThat(Files.readAllLines(log)).contains("collected");
      assertThat(m.rss()).isPositive();
      assertThat(m.heapUsed()).isEqualTo(-1);
      assertThat(m.outsideHeap()).isEqualTo(-1);
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aProcessThatNeverAnswersFailsTheReadingInsteadOfGivingAnUncollectedOne(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("mute.log");
    Process p = new ProcessBuilder("bash", "-c", "trap '' USR2; echo ready; while true; do sleep 0.05; done")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitLine(log, "ready");
      assertThatThrownBy(() -> Probe.Proc.signalGc(p.pid(), log, Duration.ofMillis(500)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not report a collection");
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aJvmsFurtherMemoryIsItsGrowthOutsideTheHeapPlusItsLiveHeap() {
    // the committed heap is the same 256 MiB at both readings: its pages are not the connections'
    Probe.Memory mid = new Probe.Memory(50 * MIB, 256 * MIB, 400 * MIB);
    Probe.Memory end = new Probe.Memory(60 * MIB, 256 * MIB, 405 * MIB);
    assertThat(IdleScenario.memoryMarginal(mid, end, 1024)).isEqualTo(15.0);
    // a heap the collector grew counts by its live bytes, not by the pages it committed
    Probe.Memory grown = new Probe.Memory(60 * MIB, 320 * MIB, 469 * MIB);
    assertThat(IdleScenario.memoryMarginal(mid, grown, 1024)).isEqualTo(15.0);
  }

  @Test
  void anotherProcessFurtherMemoryIsItsRssGrowth() {
    Probe.Memory mid = new Probe.Memory(-1, -1, 100 * MIB);
    Probe.Memory end = new Probe.Memory(-1, -1, 110 * MIB);
    assertThat(IdleScenario.memoryMarginal(mid, end, 2048)).isEqualTo(5.0);
    assertThat(IdleScenario.memoryMarginal(Probe.Memory.UNKNOWN, end, 2048)).isNull();
  }

  @Test
  void clusterNodesAddUpAndOneUnknownPartMakesTheSumUnknown() {
    Probe a = fixed(new Probe.Memory(10, 20, 30));
    Probe b = fixed(new Probe.Memory(1, 2, 3));
    assertThat(Probe.sum(List.of(a, b)).afterGc()).isEqualTo(new Probe.Memory(11, 22, 33));
    assertThat(Probe.sum(List.of(a, fixed(new Probe.Memory(-1, -1, 3)))).afterGc())
        .isEqualTo(new Probe.Memory(-1, -1, 33));
  }

  private static Probe fixed(Probe.Memory m) {
    return new Probe() {
      @Override
      public long cpuNanos() {
        return -1;
      }

      @Override
      public Probe.Memory afterGc() {
        return m;
      }
    };
  }

  private static void awaitLine(Path log, String line) {
    Awaitility.await("'" + line + "' in " + log).atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(log) && Files.readAllLines(log).contains(line));
  }

}
