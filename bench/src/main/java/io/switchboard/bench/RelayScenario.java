package io.switchboard.bench;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Pairs exchange channel messages at a fixed total rate: member {@code a} of each pair sends a
 * message carrying its send time, member {@code b} sends it back through the server, and {@code a}
 * records the round trip. Sending is open-loop (a 1 ms tick per generator loop sends what the rate
 * says is due, whether or not earlier messages came back), so a slow server shows up as latency,
 * not as a lower offered rate. With --find-max, searches the highest rate whose p99 stays under
 * the limit with nothing lost. Several targets can run interleaved (see {@link #interleaved}).
 */
final class RelayScenario implements Scenario {
  private final Recorder recorder = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final List<Link> all = new ArrayList<>();
  /** This target's searches, one per --repeat; the last is the one under way. */
  private final List<Search> outcomes = new ArrayList<>();
  private Target target;
  private Gen gen;
  private Gen.Setup<Adapter.Pair> setup;
  private List<Adapter.Pair> pairs = List.of();

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public List<String> compared() {
    return List.of("rt_per_s", "p99_ms", "server_cpu_us_per_rt", "max_rate_held");
  }

  @Override
  public void run(Target target, Gen gen, Settings s, Report report) {
    interleaved(List.of(target), gen, s, report);
  }

  /**
   * Runs the relay on several targets at once: each is set up and warmed in turn, then every round
   * measures the next step of each target's search, one target after another, so that a machine
   * whose speed drifts over minutes loads every target alike. With --repeat, the fixed-rate step
   * and the search run that many times; the summary gives their medians.
   */
  static void interleaved(List<Target> targets, Gen gen, Settings s, Report report) {
    List<RelayScenario> runs = new ArrayList<>();
    try {
      for (Target t : targets) {
        RelayScenario r = new RelayScenario();
        try {
          r.prepare(t, gen, s);
          runs.add(r);
        } catch (RuntimeException e) {
          r.close();
          if (targets.size() == 1) {
            throw e;
          }
          report.note("relay on " + t.name + " failed during setup and is left out: " + e.getMessage());
          gen.log("  %s failed during setup: %s", t.name, e);
        }
      }
      int rate = s.rateOr(10_000);
      if (s.warmup > 0) {
        for (RelayScenario r : runs) {
          r.step(rate, s.warmup, s);
        }
      }
      for (int run = 1; run <= s.repeat; run++) {
        for (RelayScenario r : runs) {
          r.outcomes.add(new Search(rate, s));
        }
        String prefix = s.repeat > 1 ? "run=" + run + " " : "";
        while (round(runs, prefix, s, report)) {
          // each round takes one step of every search still going
        }
      }
      for (RelayScenario r : runs) {
        r.summarize(rate, s, report);
      }
    } finally {
      for (RelayScenario r : runs) {
        r.close();
      }
    }
  }

  /** The next step of each target's current search, one target after another; false when all are over. */
  private static boolean round(List<RelayScenario> runs, String prefix, Settings s, Report report) {
    boolean any = false;
    for (RelayScenario r : runs) {
      Search search = r.outcomes.get(r.outcomes.size() - 1);
      Integer next = search.next();
      if (next != null) {
        any = true;
        Map<String, Object> v = r.measure(next, prefix + "rate=" + next, s, report);
        search.result(next, held(v), v);
      }
    }
    return any;
  }

  /** Sets the pairs up and hooks their handlers: {@code a} records round trips, {@code b} answers. */
  private void prepare(Target target, Gen gen, Settings s) {
    this.target = target;
    this.gen = gen;
    setup = gen.setup("pairs", s.pairs, i -> target.adapter.pair(i));
    pairs = setup.items();
    for (Adapter.Pair p : pairs) {
      all.add(p.a());
      all.add(p.b());
      String back = p.channel();
      p.a().run(frame -> {
        String type = p.a().codec().type(frame);
        if ("channel_message".equals(type)) {
          long t = Frames.number(frame, "t", -1);
          if (t >= 0) {
            recorder.recordValue(Gen.clamp(gen.now() - t));
            received.increment();
          }
        } else if ("error".equals(type)) {
          error(frame);
        }
      });
      p.b().run(frame -> {
        String type = p.b().codec().type(frame);
        if ("channel_message".equals(type)) {
          p.b().send(target.adapter.channelMessage(back, "\"t\":" + Frames.number(frame, "t", -1)));
        } else if ("error".equals(type)) {
          error(frame);
        }
      });
    }
  }

  private void summarize(int rate, Settings s, Report report) {
    List<Map<String, Object>> firsts = outcomes.stream().map(o -> o.first).toList();
    List<Integer> maxima = outcomes.stream().map(o -> o.low).toList();
    Map<String, Object> summary = Report.values("pairs", pairs.size(), "setup_s", Report.round(setup.seconds(), 1),
        "rate", rate, "rt_per_s", median(firsts, "rt_per_s"), "p99_ms", median(firsts, "p99_ms"),
        "server_cpu_us_per_rt", median(firsts, "server_cpu_us_per_rt"),
        "max_rate_held", s.findMax ? median(maxima) : null,
        "p99_limit_ms", s.p99LimitMs, "errors", errors.sum());
    if (s.repeat > 1) {
      summary.put("runs", s.repeat);
      if (s.findMax) {
        summary.put("max_rate_held_runs", maxima.stream().map(String::valueOf).collect(Collectors.joining("/")));
      }
    }
    report.add(new Report.Row(name(), target.name, "summary", summary));
    if (firstError.get() != null) {
      report.note(target.name + " relay: first error frame: " + firstError.get());
    }
  }

  private void close() {
    if (gen != null) {
      gen.closeAll(all);
    }
  }

  /** The median of a metric over the runs (the lower middle one of an even count), or null if any lacks it. */
  private static Object median(List<Map<String, Object>> rows, String key) {
    List<Double> xs = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      if (!(r.get(key) instanceof Number n)) {
        return null;
      }
      xs.add(n.doubleValue());
    }
    if (xs.isEmpty()) {
      return null;
    }
    xs.sort(null);
    double m = xs.get((xs.size() - 1) / 2);
    return rows.get(0).get(key) instanceof Integer || rows.get(0).get(key) instanceof Long ? (Object) (long) m : m;
  }

  private static Integer median(List<Integer> xs) {
    List<Integer> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
  }

  /**
   * One search for the highest held rate: the fixed-rate step first; then, with --find-max, up by
   * --step from a held start or halving from a failed one until the rate is bracketed, then
   * bisecting the bracket while steps remain and it is wider than 10%.
   */
  static final class Search {
    private final int start;
    private final Settings s;
    private Map<String, Object> first;
    private int low;
    private int high;
    private int steps;
    private boolean done;

    Search(int start, Settings s) {
      this.start = start;
      this.s = s;
    }

    /** The next rate to measure, or null when the search is over. */
    Integer next() {
      if (done) {
        return null;
      }
      if (first == null) {
        return start;
      }
      if (!s.findMax || steps >= s.maxSteps) {
        done = true;
        return null;
      }
      if (low == 0 || high == 0) {
        int r = low == 0 ? Math.max(1, high / 2) : (int) Math.ceil(low * s.step);
        if (low == 0 && r == high) {
          done = true;
          return null;
        }
        return r;
      }
      if (high - low > low / 10) {
        return (low + high) / 2;
      }
      done = true;
      return null;
    }

    void result(int rate, boolean held, Map<String, Object> values) {
      if (first == null) {
        first = values;
      }
      if (held) {
        low = rate;
      } else {
        high = rate;
      }
      steps++;
    }
  }

  private Map<String, Object> measure(int rate, String label, Settings s, Report report) {
    Map<String, Object> v = step(rate, s.duration, s);
    report.add(new Report.Row(name(), target.name, label, v));
    return v;
  }

  /**
   * Waits, at most 10 s, until the target has worked off what the step left it (an overloaded
   * server may still be relaying a backlog after the step): under 5 % of a core over 200 ms. The
   * next step, on this target or on another one interleaved with it, then starts on a quiet machine.
   */
  private void settle() {
    long last = target.probe.cpuNanos();
    if (last < 0) {
      return;
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Gen.sleep(0.2);
      long now = target.probe.cpuNanos();
      if (now - last < 10_000_000L) {
        return;
      }
      last = now;
    }
    gen.log("  %s still busy 10 s after the step", target.name);
  }

  private void error(String frame) {
    errors.increment();
    firstError.compareAndSet(null, frame.length() > 300 ? frame.substring(0, 300) : frame);
  }

  /** A step holds when p99 is under the limit, the offered rate was delivered, and nothing was lost. */
  private static boolean held(Map<String, Object> v) {
    return Boolean.TRUE.equals(v.get("held"));
  }

  private Map<String, Object> step(int rate, double seconds, Settings s) {
    List<List<Adapter.Pair>> byContext = new ArrayList<>();
    for (int k = 0; k < gen.contexts.size(); k++) {
      byContext.add(new ArrayList<>());
    }
    for (Adapter.Pair p : pairs) {
      byContext.get(Math.max(0, gen.contexts.indexOf(p.a().context()))).add(p);
    }
    recorder.reset();
    long sent0 = sent.sum();
    long received0 = received.sum();
    long errors0 = errors.sum();
    long cpu0 = target.probe.cpuNanos();
    long self0 = Gen.selfCpu();
    long t0 = System.nanoTime();
    List<long[]> timers = new ArrayList<>();
    int active = (int) byContext.stream().filter(l -> !l.isEmpty()).count();
    for (int k = 0; k < byContext.size(); k++) {
      List<Adapter.Pair> mine = byContext.get(k);
      if (mine.isEmpty()) {
        continue;
      }
      double perSecond = (double) rate / active;
      Context ctx = gen.contexts.get(k);
      long[] state = {0, 0, -1}; // sent by this loop, next pair, timer id
      timers.add(state);
      ctx.runOnContext(v -> state[2] = gen.vertx.setPeriodic(1, id -> {
        long due = (long) (perSecond * (System.nanoTime() - t0) / 1e9) - state[0];
        for (long j = 0; j < Math.min(due, 5_000); j++) {
          Adapter.Pair p = mine.get((int) (state[1]++ % mine.size()));
          p.a().send(target.adapter.channelMessage(p.channel(), "\"t\":" + gen.now()));
          state[0]++;
          sent.increment();
        }
      }));
    }
    Gen.sleep(seconds);
    for (long[] state : timers) {
      gen.vertx.cancelTimer(state[2]);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpu1 = target.probe.cpuNanos();
    long self1 = Gen.selfCpu();
    long deadline = System.currentTimeMillis() + 2000;
    while (received.sum() - received0 < sent.sum() - sent0 && System.currentTimeMillis() < deadline) {
      Gen.sleep(0.02);
    }
    Histogram h = recorder.getIntervalHistogram();
    long n = sent.sum() - sent0;
    long back = received.sum() - received0;
    long errs = errors.sum() - errors0;
    double rtPerS = h.getTotalCount() / elapsed;
    Map<String, Object> v = Report.values("rate", rate, "rt_per_s", Report.round(rtPerS, 0));
    Report.latencies(v, "", h);
    v.put("server_cpu_us_per_rt", cpu0 < 0 || h.getTotalCount() == 0 ? null
        : Report.round((cpu1 - cpu0) / 1000.0 / h.getTotalCount(), 2));
    v.put("server_cpu_pct", cpu0 < 0 ? null : Report.round(100.0 * (cpu1 - cpu0) / 1e9 / elapsed, 0));
    v.put("gen_cpu_pct", self0 < 0 ? null : Report.round(100.0 * (self1 - self0) / 1e9 / elapsed, 0));
    v.put("lost", n - back);
    v.put("errors", errs);
    Object p99 = v.get("p99_ms");
    boolean held = p99 != null && (double) p99 < s.p99LimitMs && rtPerS >= 0.95 * rate && errs == 0
        && n - back <= Math.max(1, n / 1000);
    v.put("held", held);
    gen.log("  %s relay rate=%d: %.0f rt/s p99=%s ms%s", target.name, rate, rtPerS, p99, held ? "" : " (not held)");
    settle(); // after the readings: what comes back late stays out of this step's figures
    return v;
  }
}
