package io.switchboard.bench;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Pairs exchange channel messages at a fixed total rate: member {@code a} of each pair sends a
 * message carrying its send time, member {@code b} sends it back through the server, and {@code a}
 * records the round trip. Sending is open-loop (a 1 ms tick per generator loop sends what the rate
 * says is due, whether or not earlier messages came back), so a slow server shows up as latency,
 * not as a lower offered rate. With --find-max, searches the highest rate whose p99 stays under
 * the limit with nothing lost.
 */
final class RelayScenario implements Scenario {
  private final Recorder recorder = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();

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
    Gen.Setup<Adapter.Pair> setup = gen.setup("pairs", s.pairs, i -> target.adapter.pair(i));
    List<Adapter.Pair> pairs = setup.items();
    List<Link> all = new ArrayList<>();
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
    try {
      int rate = s.rateOr(10_000);
      if (s.warmup > 0) {
        step(target, gen, pairs, rate, s.warmup, s);
      }
      Map<String, Object> first = step(target, gen, pairs, rate, s.duration, s);
      report.add(new Report.Row(name(), target.name, "rate=" + rate, first));
      Integer maxHeld = s.findMax ? search(target, gen, pairs, rate, held(first), s, report) : null;
      Map<String, Object> summary = Report.values("pairs", pairs.size(), "setup_s", Report.round(setup.seconds(), 1),
          "rate", rate, "rt_per_s", first.get("rt_per_s"), "p99_ms", first.get("p99_ms"),
          "server_cpu_us_per_rt", first.get("server_cpu_us_per_rt"),
          "max_rate_held", maxHeld,
          "p99_limit_ms", s.p99LimitMs, "errors", errors.sum());
      report.add(new Report.Row(name(), target.name, "summary", summary));
      if (firstError.get() != null) {
        report.note(target.name + " relay: first error frame: " + firstError.get());
      }
    } finally {
      gen.closeAll(all);
    }
  }

  /**
   * Brackets the highest held rate, stepping up by --step from a held start or halving from a
   * failed one, then bisects the bracket while steps remain and it is wider than 10%.
   */
  private Integer search(Target target, Gen gen, List<Adapter.Pair> pairs, int start, boolean startHeld, Settings s,
      Report report) {
    int low = startHeld ? start : 0;
    int high = startHeld ? 0 : start;
    int steps = 1;
    while (steps < s.maxSteps && (low == 0 || high == 0)) {
      int r = low == 0 ? Math.max(1, high / 2) : (int) Math.ceil(low * s.step);
      if (low == 0 && r == high) {
        break;
      }
      if (held(measure(target, gen, pairs, r, s, report))) {
        low = r;
      } else {
        high = r;
      }
      steps++;
    }
    while (steps < s.maxSteps && low > 0 && high > 0 && high - low > low / 10) {
      int r = (low + high) / 2;
      if (held(measure(target, gen, pairs, r, s, report))) {
        low = r;
      } else {
        high = r;
      }
      steps++;
    }
    return low;
  }

  private Map<String, Object> measure(Target target, Gen gen, List<Adapter.Pair> pairs, int rate, Settings s,
      Report report) {
    Map<String, Object> v = step(target, gen, pairs, rate, s.duration, s);
    report.add(new Report.Row(name(), target.name, "rate=" + rate, v));
    return v;
  }

  private void error(String frame) {
    errors.increment();
    firstError.compareAndSet(null, frame.length() > 300 ? frame.substring(0, 300) : frame);
  }

  /** A step holds when p99 is under the limit, the offered rate was delivered, and nothing was lost. */
  private static boolean held(Map<String, Object> v) {
    return Boolean.TRUE.equals(v.get("held"));
  }

  private Map<String, Object> step(Target target, Gen gen, List<Adapter.Pair> pairs, int rate, double seconds,
      Settings s) {
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
    return v;
  }
}
