package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target server's CPU time, resident memory and (for a JVM) heap after a full GC. A target
 * in another process is read from /proc and jcmd; a target inside the generator's own process
 * cannot be told apart from the generator, so its CPU is unknown and its memory includes both.
 */
interface Probe {
  /** CPU time the server has used, user plus system, in nanoseconds; -1 when unknown. */
  long cpuNanos();

  /** Resident set size in bytes; -1 when unknown. */
  long rssBytes();

  /** Heap in use right after a full collection, in bytes; -1 when the target is not a JVM. */
  long heapAfterGc();

  /** Whether the figures include the generator itself (in-process target). */
  default boolean sharedWithGenerator() {
    return false;
  }

  Probe NONE = new Probe() {
    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public long rssBytes() {
      return -1;
    }

    @Override
    public long heapAfterGc() {
      return -1;
    }
  };

  /** The generator's own process. */
  static Probe inProcess() {
    return new Probe() {
      @Override
      public long cpuNanos() {
        return -1;
      }

      @Override
      public long rssBytes() {
        return Proc.rss(ProcessHandle.current().pid());
      }

      @Override
      public long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      }

      @Override
      public boolean sharedWithGenerator() {
        return true;
      }
    };
  }

  /** Another process on this machine; {@code jvm} says whether jcmd can read its heap. */
  static Probe process(long pid, boolean jvm) {
    return new Probe() {
      @Override
      public long cpuNanos() {
        return Proc.cpuNanos(pid);
      }

      @Override
      public long rssBytes() {
        return Proc.rss(pid);
      }

      @Override
      public long heapAfterGc() {
        return jvm ? Proc.heapAfterGc(pid) : -1;
      }
    };
  }

  /** Several processes read as one (the nodes of a cluster): CPU, RSS and heap add up. */
  static Probe sum(List<Probe> parts) {
    return new Probe() {
      @Override
      public long cpuNanos() {
        return add(Probe::cpuNanos);
      }

      @Override
      public long rssBytes() {
        return add(Probe::rssBytes);
      }

      @Override
      public long heapAfterGc() {
        return add(Probe::heapAfterGc);
      }

      private long add(java.util.function.ToLongFunction<Probe> reading) {
        long total = 0;
        for (Probe p : parts) {
          long v = reading.applyAsLong(p);
          if (v < 0) {
            return -1;
          }
          total += v;
        }
        return total;
      }
    };
  }

  /** /proc and jcmd readings. */
  final class Proc {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long TICK_NANOS = 1_000_000_000L / clockTicks();

    private Proc() {}

    static long cpuNanos(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state(0) ... utime(11) stime(12)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    static long rss(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
      return -1;
    }

    static long heapAfterGc(long pid) {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      run(List.of(jcmd, Long.toString(pid), "GC.run"));
      String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
      Matcher m = USED.matcher(info);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static String run(List<String> command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    private static long clockTicks() {
      String out = run(List.of("getconf", "CLK_TCK")).trim();
      try {
        return Long.parseLong(out);
      } catch (NumberFormatException e) {
        return 100;
      }
    }
  }
}
