package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One publisher, M members of one channel: the publisher sends numbered messages carrying their
 * send time at a fixed rate; every member records the delivery latency, and the member that takes
 * a message's count to M records the publish-to-last-delivery latency.
 */
final class FanoutScenario implements Scenario {
  private static final int RING = 1 << 16;

  private final Recorder deliveries = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final Recorder last = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final LongAdder delivered = new LongAdder();
  private final AtomicIntegerArray counts = new AtomicIntegerArray(RING);

  @Override
  public String name() {
    return "fan-out";
  }

  @Override
  public List<String> compared() {
    return List.of("deliveries_per_s", "last_p99_ms", "server_cpu_us_per_delivery");
  }

  @Override
  public void run(Target target, Gen gen, Settings s, Report report) {
    if (!target.adapter.groups()) {
      report.add(new Report.Row(name(), target.name, "unsupported", Report.values("members", s.members)));
      report.note(target.name + " fan-out: not measured: " + target.adapter.member("x", 0).cause().getMessage());
      return;
    }
    String group = "fanout-" + target.adapter.run;
    String channel = target.adapter.channel(group).toCompletionStage().toCompletableFuture().join();
    Gen.Setup<Link> setup = gen.setup("members", s.members, i -> target.adapter.member(group, i));
    Gen.Setup<Link> pub = gen.setup("publisher", 1, i -> target.adapter.publisher(group, s.members));
    List<Link> links = new ArrayList<>(setup.items());
    Link publisher = pub.items().get(0);
    int m = links.size();
    for (Link l : links) {
      l.run(frame -> {
        if ("channel_message".equals(l.codec().type(frame))) {
          long t = Frames.number(frame, "t", -1);
          long id = Frames.number(frame, "i", -1);
          long latency = Gen.clamp(gen.now() - t);
          deliveries.recordValue(latency);
          delivered.increment();
          if (id >= 0 && counts.incrementAndGet((int) (id & (RING - 1))) == m) {
            last.recordValue(latency);
          }
        }
      });
    }
    publisher.run(frame -> { });
    try {
      int rate = s.rateOr(300);
      long[] nextId = {0};
      if (s.warmup > 0) {
        step(target, gen, publisher, channel, rate, s.warmup, m, nextId);
      }
      Map<String, Object> v = step(target, gen, publisher, channel, rate, s.duration, m, nextId);
      v.put("setup_s", Report.round(setup.seconds() + pub.seconds(), 1));
      Map<String, Long> closes = links.stream().map(Link::closeCause).filter(java.util.Objects::nonNull)
          .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.TreeMap::new,
              java.util.stream.Collectors.counting()));
      v.put("members_closed", closes.values().stream().mapToLong(Long::longValue).sum());
      if (!closes.isEmpty()) {
        report.note("fan-out on " + target.name + ": members closed by the server during the run: " + closes);
      }
      report.add(new Report.Row(name(), target.name, "members=" + m, v));
    } finally {
      links.add(publisher);
      gen.closeAll(links);
    }
  }

  private Map<String, Object> step(Target target, Gen gen, Link publisher, String channel, int rate, double seconds,
      int members, long[] nextId) {
    deliveries.reset();
    last.reset();
    long delivered0 = delivered.sum();
    long cpu0 = target.probe.cpuNanos();
    long self0 = Gen.selfCpu();
    long t0 = System.nanoTime();
    long id0 = nextId[0];
    long[] state = {0, -1};
    publisher.context().runOnContext(v -> state[1] = gen.vertx.setPeriodic(1, id -> {
      long due = (long) (rate * (System.nanoTime() - t0) / 1e9) - state[0];
      for (long j = 0; j < Math.min(due, 1000); j++) {
        long n = nextId[0]++;
        counts.set((int) (n & (RING - 1)), 0);
        publisher.send(target.adapter.channelMessage(channel, "\"t\":" + gen.now() + ",\"i\":" + n));
        state[0]++;
      }
    }));
    Gen.sleep(seconds);
    gen.vertx.cancelTimer(state[1]);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long done = delivered.sum() - delivered0;
    long cpu1 = target.probe.cpuNanos();
    long self1 = Gen.selfCpu();
    Gen.sleep(0.2);
    long deadline = System.currentTimeMillis() + 3000;
    long published = nextId[0] - id0;
    while (delivered.sum() - delivered0 < published * members && System.currentTimeMillis() < deadline) {
      Gen.sleep(0.02);
    }
    Histogram d = deliveries.getIntervalHistogram();
    Histogram l = last.getIntervalHistogram();
    Map<String, Object> v = Report.values("members", members, "publish_rate", rate,
        "deliveries_per_s", Report.round(done / elapsed, 0), "offered_per_s", (long) rate * members);
    Report.latencies(v, "", d);
    Report.latencies(v, "last_", l);
    v.put("server_cpu_us_per_delivery", cpu0 < 0 || done == 0 ? null : Report.round((cpu1 - cpu0) / 1000.0 / done, 3));
    v.put("server_cpu_pct", cpu0 < 0 ? null : Report.round(100.0 * (cpu1 - cpu0) / 1e9 / elapsed, 0));
    v.put("gen_cpu_pct", self0 < 0 ? null : Report.round(100.0 * (self1 - self0) / 1e9 / elapsed, 0));
    v.put("lost", published * members - (delivered.sum() - delivered0));
    gen.log("  %s fan-out %d members at %d/s: %.0f deliveries/s, last p99=%s ms", target.name, members, rate,
        done / elapsed, v.get("last_p99_ms"));
    return v;
  }
}
