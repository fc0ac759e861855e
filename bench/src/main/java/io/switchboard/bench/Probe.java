package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target server's CPU time and, after a full collection where the target allows one, its
 * memory. A target in another process is read from /proc and jcmd (JVMs) or asked for a collection
 * by a signal (the Node peers); a target inside the generator's own process cannot be told apart
 * from the generator, so its CPU is unknown and its memory includes both.
 */
interface Probe {
  /** CPU time the server has used, user plus system, in nanoseconds; -1 when unknown. */
  long cpuNanos();

  /**
   * Runs a full collection where the target allows it, then reads its memory: for a JVM the heap in
   * use and the heap committed, for every target the resident set size.
   */
  Memory afterGc();

  /** Whether the figures include the generator itself (in-process target). */
  default boolean sharedWithGenerator() {
    return false;
  }

  /** Memory in bytes; -1 where unknown (the heap of a target that is not a JVM). */
  record Memory(long heapUsed, long heapCommitted, long rss) {
    static final Memory UNKNOWN = new Memory(-1, -1, -1);

    /** Resident memory outside the Java heap: exact only when every committed heap page is resident (pre-touched). */
    long outsideHeap() {
      return rss < 0 || heapCommitted < 0 ? -1 : rss - heapCommitted;
    }

    Memory plus(Memory o) {
      return new Memory(add(heapUsed, o.heapUsed), add(heapCommitted, o.heapCommitted), add(rss, o.rss));
    }

    private static long add(long a, long b) {
      return a < 0 || b < 0 ? -1 : a + b;
    }
  }

  /** How a target process is made to run a full collection before its memory is read. */
  enum Collect {
    /** {@code jcmd PID GC.run}; the heap is read with {@code GC.heap_info}. */
    JCMD,
    /** SIGUSR2, answered by a "collected" line in the process's log (the Node peers, run with --expose-gc). */
    SIGNAL,
    /** None: only the resident set size is read. */
    NONE
  }

  Probe NONE = new Probe() {
    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public Memory afterGc() {
      return Memory.UNKNOWN;
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
      public Memory afterGc() {
        System.gc();
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Memory(heap.getUsed(), heap.getCommitted(), Proc.rss(ProcessHandle.current().pid()));
      }

      @Override
      public boolean sharedWithGenerator() {
        return true;
      }
    };
  }

  /** Another process on this machine; {@code log} is its output, read for {@link Collect#SIGNAL}. */
  static Probe process(long pid, Collect collect, Path log) {
    return new Probe() {
      @Override
      public long cpuNanos() {
        return Proc.cpuNanos(pid);
      }

      @Override
      public Memory afterGc() {
        return switch (collect) {
          case JCMD -> Proc.jvmAfterGc(pid);
          case SIGNAL -> {
            Proc.signalGc(pid, log, Proc.SIGNAL_TIMEOUT);
            yield new Memory(-1, -1, Proc.rss(pid));
          }
          case NONE -> new Memory(-1, -1, Proc.rss(pid));
        };
      }
    };
  }

  /** Several processes read as one (the nodes of a cluster): CPU and memory add up. */
  static Probe sum(List<Probe> parts) {
    return new Probe() {
      @Override
      public long cpuNanos() {
        long total = 0;
        for (Probe p : parts) {
          long v = p.cpuNanos();
          if (v < 0) {
            return -1;
          }
          total += v;
        }
        return total;
      }

      @Override
      public Memory afterGc() {
        Memory total = new Memory(0, 0, 0);
        for (Probe p : parts) {
          total = total.plus(p.afterGc());
        }
        return total;
      }
    };
  }

  /** /proc and jcmd readings. */
  final class Proc {
    /** "garbage-first heap   total 262144K, used 81234K" and the like: committed, then in use. */
    private static final Pattern HEAP = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);
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

    static Memory jvmAfterGc(long pid) {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      run(List.of(jcmd, Long.toString(pid), "GC.run"));
      String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
      Matcher m = HEAP.matcher(info);
      if (!m.find()) {
        // Never fall back to RSS alone: for a pre-touched heap it would leave the heap out.
        throw new IllegalStateException("cannot read the heap of process " + pid + " from jcmd GC.heap_info "
            + "(the idle readings need G1): " + info.strip());
      }
      return new Memory(Long.parseLong(m.group(2)) * 1024, Long.parseLong(m.group(1)) * 1024, rss(pid));
    }

    /**
     * Sends SIGUSR2 and waits for the process to write one more "collected" line to its log: the
     * collection has then finished.
     */
    static void signalGc(long pid, Path log, Duration timeout) {
      long before = collectedLines(log);
      run(List.of("kill", "-USR2", Long.toString(pid)));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (collectedLines(log) <= before) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          throw new IllegalStateException("process " + pid + " ended instead of reporting a collection after SIGUSR2 "
              + "(a Node peer started without --expose-gc dies of it; its log: " + log + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("process " + pid + " did not report a collection within "
              + timeout.toSeconds() + " s after SIGUSR2 (its log: " + log + ")");
        }
        Gen.sleep(0.02);
      }
    }

    private static long collectedLines(Path log) {
      try (var lines = Files.lines(log)) {
        return lines.filter("collected"::equals).count();
      } catch (IOException | java.io.UncheckedIOException e) {
        return 0;
      }
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
