package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** What the run was measured on, recorded with every report. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    m.put("memory", mem);
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("open_files_limit", openFilesLimit());
    m.put("load_average_at_report", loadAverage());
    return m;
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * How late this thread wakes from 1 ms sleeps, over {@code seconds} with nothing else of the
   * bench running: the wake-up latency every server's threads pay too. On a shared virtual machine
   * it drifts within minutes, and with it every latency figure.
   */
  static String wakeUps(double seconds) {
    int n = (int) Math.max(1, seconds * 1000);
    long[] late = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      LockSupport.parkNanos(1_000_000);
      late[i] = Math.max(0, System.nanoTime() - t - 1_000_000);
    }
    Arrays.sort(late);
    return String.format(Locale.ROOT, "1 ms sleeps woke late by p50 %d µs, p99 %d µs, max %d µs (%d sleeps)",
        late[n / 2] / 1000, late[n * 99 / 100] / 1000, late[n - 1] / 1000, n);
  }

  /** The machine's CPU time so far, in clock ticks: total and stolen by the hypervisor; null if unknown. */
  static long[] cpuTicks() {
    try {
      return cpuTicks(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Total and stolen ticks from the first line of {@code /proc/stat}: {@code cpu user nice system
   * idle iowait irq softirq steal guest guest_nice}. The total is user to steal (guest time is
   * already counted in user); kernels before 2.6.11 have no steal column.
   */
  static long[] cpuTicks(String line) {
    String[] f = line.trim().split("\\s+");
    if (!"cpu".equals(f[0])) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
    }
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    return new long[] {total, f.length > 8 ? Long.parseLong(f[8]) : 0};
  }

  /** The share of CPU time the hypervisor took between two {@link #cpuTicks} readings. */
  static String steal(long[] before, long[] after) {
    if (before == null || after == null || after[0] <= before[0]) {
      return "unknown";
    }
    return String.format(Locale.ROOT, "%.1f %%", 100.0 * (after[1] - before[1]) / (after[0] - before[0]));
  }

  /** Other work on the machine skews every figure: the 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String openFilesLimit() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/limits"));
      for (String line : lines) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f[0];
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
