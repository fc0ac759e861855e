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
 * not as a lower offered rate. With --find-max, steps up (or down) until p99 crosses the limit.
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
      List<Map<String, Object>> steps = new ArrayList<>();
      Map<String, Object> first = step(target, gen, pairs, rate, s.duration, s);
      steps.add(first);
      report.add(new Report.Row(name(), target.name, "rate=" + rate, first));
      Integer maxHeld = held(first) ? rate : null;
      if (s.findMax) {
        boolean up = held(first);
        int r = rate;
        for (int i = 1; i < s.maxSteps; i++) {
          r = up ? (int) Math.ceil(r * s.step) : Math.max(1, r / 2);
          Map<String, Object> v = step(target, gen, pairs, r, s.duration, s);
          steps.add(v);
          report.add(new Report.Row(name(), target.name, "rate=" + r, v));
          if (held(v)) {
            maxHeld = maxHeld == null ? r : Math.max(maxHeld, r);
            if (!up) {
              break;
            }
          } else if (up) {
            break;
          }
        }
      }
      Map<String, Object> summary = Report.values("pairs", pairs.size(), "setup_s", Report.round(setup.seconds(), 1),
          "rate", rate, "rt_per_s", first.get("rt_per_s"), "p99_ms", first.get("p99_ms"),
          "server_cpu_us_per_rt", first.get("server_cpu_us_per_rt"),
          "max_rate_held", s.findMax ? (maxHeld == null ? 0 : maxHeld) : null,
          "p99_limit_ms", s.p99LimitMs, "errors", errors.sum());
      report.add(new Report.Row(name(), target.name, "summary", summary));
      if (firstError.get() != null) {
        report.note(target.name + " relay: first error frame: " + firstError.get());
      }
    } finally {
      gen.closeAll(all);
    }
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
