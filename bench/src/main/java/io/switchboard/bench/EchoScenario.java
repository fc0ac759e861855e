package io.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The echo ceiling: each connection keeps a fixed number of pings in flight and sends the next as
 * soon as a pong comes back, so the server answers as fast as it can. One step per in-flight count.
 * The ping's sequence is its send time, echoed back in the pong.
 */
final class EchoScenario implements Scenario {
  private final Recorder recorder = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final LongAdder pongs = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile boolean running;

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public List<String> compared() {
    return List.of("msgs_per_s", "p99_ms", "server_cpu_us_per_msg");
  }

  @Override
  public void run(Target target, Gen gen, Settings s, Report report) {
    int count = s.connectionsOr(16);
    Gen.Setup<Link> setup = gen.setup("connections", count, i -> target.adapter.connect(i));
    List<Link> links = setup.items();
    for (Link l : links) {
      l.run(frame -> {
        String type = l.codec().type(frame);
        if ("pong".equals(type)) {
          long seq = Frames.number(frame, "sequence", -1);
          if (seq >= 0) {
            recorder.recordValue(Gen.clamp(gen.now() - seq));
            pongs.increment();
          }
          if (running) {
            l.send(target.adapter.ping(gen.now()));
          }
        } else if ("error".equals(type)) {
          errors.increment();
          firstError.compareAndSet(null, frame);
        }
      });
    }
    try {
      List<Integer> steps = s.inFlightOr(List.of(1, 16));
      if (s.warmup > 0) {
        step(target, gen, links, steps.get(steps.size() - 1), s.warmup);
      }
      for (int k : steps) {
        Map<String, Object> v = step(target, gen, links, k, s.duration);
        report.add(new Report.Row(name(), target.name, "in_flight=" + k, v));
      }
      if (firstError.get() != null) {
        report.note(target.name + " echo: first error frame: " + firstError.get());
      }
    } finally {
      gen.closeAll(links);
    }
  }

  private Map<String, Object> step(Target target, Gen gen, List<Link> links, int inFlight, double seconds) {
    recorder.reset();
    long pongs0 = pongs.sum();
    long errors0 = errors.sum();
    long cpu0 = target.probe.cpuNanos();
    long self0 = Gen.selfCpu();
    long t0 = System.nanoTime();
    running = true;
    for (Link l : links) {
      l.context().runOnContext(v -> {
        for (int i = 0; i < inFlight; i++) {
          l.send(target.adapter.ping(gen.now()));
        }
      });
    }
    Gen.sleep(seconds);
    running = false;
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long n = pongs.sum() - pongs0;
    long cpu1 = target.probe.cpuNanos();
    long self1 = Gen.selfCpu();
    long deadline = System.currentTimeMillis() + 2000;
    // the pings still out when the step ended come back before the next step starts
    while (System.currentTimeMillis() < deadline && stillArriving()) {
      Gen.sleep(0.01);
    }
    Histogram h = recorder.getIntervalHistogram();
    Map<String, Object> v = Report.values("connections", links.size(), "in_flight", inFlight,
        "msgs_per_s", Report.round(n / elapsed, 0));
    Report.latencies(v, "", h);
    v.put("server_cpu_us_per_msg", cpu0 < 0 || n == 0 ? null : Report.round((cpu1 - cpu0) / 1000.0 / n, 2));
    v.put("server_cpu_pct", cpu0 < 0 ? null : Report.round(100.0 * (cpu1 - cpu0) / 1e9 / elapsed, 0));
    v.put("gen_cpu_pct", self0 < 0 ? null : Report.round(100.0 * (self1 - self0) / 1e9 / elapsed, 0));
    v.put("errors", errors.sum() - errors0);
    gen.log("  %s echo in_flight=%d: %.0f msgs/s p99=%s ms", target.name, inFlight, n / elapsed, v.get("p99_ms"));
    return v;
  }

  /** Whether pongs are still coming in (the pings out when a step ended). */
  private boolean stillArriving() {
    long before = pongs.sum();
    Gen.sleep(0.05);
    return pongs.sum() != before;
  }
}
