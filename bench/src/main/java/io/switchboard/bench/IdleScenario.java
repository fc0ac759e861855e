package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds N authenticated, paired connections open (N/2 pairs) with an application ping on each every
 * --heartbeat seconds, and reports what they cost the server: heap after a full GC (JVM targets, by
 * jcmd) and resident memory, before and after, per connection. The pairs are set up in two halves
 * with a measurement between them, so the report also gives the growth per connection of the
 * second half alone (the marginal cost): memory a process touches once whatever its connection
 * count (a JVM's young generation, first used while the first half connects) is not in it.
 */
final class IdleScenario implements Scenario {
  private final LongAdder pings = new LongAdder();
  private final LongAdder pongs = new LongAdder();
  private final LongAdder errors = new LongAdder();

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public List<String> compared() {
    return List.of("heap_per_conn_kib", "rss_per_conn_kib", "rss_marginal_kib", "memory_marginal_kib");
  }

  @Override
  public void run(Target target, Gen gen, Settings s, Report report) {
    int pairsWanted = Math.max(1, s.connectionsOr(1000) / 2);
    if (s.warmupConnections > 1) {
      warmUp(target, gen, s.warmupConnections / 2);
    }
    Probe.Memory m0 = target.probe.afterGc();
    int firstHalf = pairsWanted / 2;
    Gen.Setup<Adapter.Pair> first = firstHalf == 0 ? new Gen.Setup<>(List.of(), 0, null, 0)
        : gen.setup("pairs, first half", firstHalf, i -> target.adapter.pair(i));
    Probe.Memory mMid = target.probe.afterGc();
    Gen.Setup<Adapter.Pair> second = gen.setup("pairs, second half", pairsWanted - firstHalf,
        i -> target.adapter.pair(firstHalf + i));
    List<Link> links = new ArrayList<>();
    for (Gen.Setup<Adapter.Pair> half : List.of(first, second)) {
      for (Adapter.Pair p : half.items()) {
        links.add(p.a());
        links.add(p.b());
      }
    }
    int nMid = 2 * first.items().size();
    int failed = first.failed() + second.failed();
    for (Link l : links) {
      l.run(frame -> {
        String type = l.codec().type(frame);
        if ("pong".equals(type)) {
          pongs.increment();
        } else if ("error".equals(type)) {
          errors.increment();
        }
      });
    }
    try {
      long timer = heartbeats(gen, links, s.heartbeat);
      Gen.sleep(s.duration);
      gen.vertx.cancelTimer(timer);
      Gen.sleep(0.5);
      Probe.Memory m1 = target.probe.afterGc();
      int n = links.size();
      long open = links.stream().filter(l -> !l.closed()).count();
      Map<String, Object> v = Report.values("connections", n, "open_at_end", open, "setup_s",
          Report.round(first.seconds() + second.seconds(), 1), "failed_pairs", failed);
      v.put("heap_before_mib", mib(m0.heapUsed()));
      v.put("heap_after_mib", mib(m1.heapUsed()));
      v.put("heap_per_conn_kib", perConn(m0.heapUsed(), m1.heapUsed(), n));
      v.put("rss_before_mib", mib(m0.rss()));
      v.put("rss_after_mib", mib(m1.rss()));
      v.put("rss_per_conn_kib", perConn(m0.rss(), m1.rss(), n));
      v.put("heap_mid_mib", mib(mMid.heapUsed()));
      v.put("rss_mid_mib", mib(mMid.rss()));
      v.put("heap_committed_mid_mib", mib(mMid.heapCommitted()));
      v.put("heap_committed_after_mib", mib(m1.heapCommitted()));
      v.put("heap_marginal_kib", perConn(mMid.heapUsed(), m1.heapUsed(), n - nMid));
      v.put("rss_marginal_kib", perConn(mMid.rss(), m1.rss(), n - nMid));
      v.put("outside_heap_marginal_kib", perConn(mMid.outsideHeap(), m1.outsideHeap(), n - nMid));
      v.put("memory_marginal_kib", memoryMarginal(mMid, m1, n - nMid));
      Double heapPer = (Double) v.get("heap_per_conn_kib");
      v.put("heap_gib_per_1m_conn", heapPer == null ? null : Report.round(heapPer * 1_000_000 / 1024 / 1024, 1));
      v.put("pings", pings.sum());
      v.put("pongs", pongs.sum());
      v.put("errors", errors.sum());
      report.add(new Report.Row(name(), target.name, "connections=" + n, v));
      if (target.probe.sharedWithGenerator()) {
        report.note(target.name + " idle: the target runs in the generator's JVM, so its heap and RSS include the "
            + "generator's own connections; run against a child-process target for real figures");
      }
      if (m1.heapUsed() >= 0 && !target.probe.sharedWithGenerator() && !target.description.contains("+AlwaysPreTouch")) {
        report.note(target.name + " idle: the heap may not have been pre-touched (no -XX:+AlwaysPreTouch in its "
            + "options), so heap pages first written during the second half would count in outside_heap_marginal_kib "
            + "and memory_marginal_kib");
      }
      if (failed > 0) {
        report.note(target.name + " idle: " + failed + " pairs failed; first: "
            + (first.failed() > 0 ? first.firstFailure() : second.firstFailure()));
      }
    } finally {
      gen.closeAll(links);
    }
  }

  /**
   * Sets up {@code pairs} pairs, has each connection answer one ping, and closes them: the code
   * paths are compiled and the pools filled before the baseline is taken.
   */
  private void warmUp(Target target, Gen gen, int pairs) {
    Gen.Setup<Adapter.Pair> setup = gen.setup("warm-up pairs", pairs, i -> target.adapter.pair(pairsWanted(i)));
    List<Link> links = new ArrayList<>();
    for (Adapter.Pair p : setup.items()) {
      links.add(p.a());
      links.add(p.b());
    }
    LongAdder answered = new LongAdder();
    for (Link l : links) {
      l.run(frame -> {
        if ("pong".equals(l.codec().type(frame))) {
          answered.increment();
        }
      });
      l.send(l.codec().frame("ping", "\"sequence\":" + gen.now()));
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (answered.sum() < links.size() && System.nanoTime() < deadline) {
      Gen.sleep(0.05);
    }
    gen.closeAll(links);
    Gen.sleep(1);
  }

  /** Warm-up pairs are numbered after any the measured run will use, so their names never collide. */
  private static int pairsWanted(int i) {
    return 100_000_000 + i;
  }

  /** One 100 ms tick pings the share of the connections that is due (writes are thread-safe). */
  private long heartbeats(Gen gen, List<Link> links, double everySeconds) {
    double perTick = links.size() * 0.1 / everySeconds;
    double[] owed = {0};
    int[] next = {0};
    return gen.vertx.setPeriodic(100, t -> {
      owed[0] += perTick;
      while (owed[0] >= 1 && !links.isEmpty()) {
        owed[0] -= 1;
        Link l = links.get(next[0]++ % links.size());
        l.send(l.codec().frame("ping", "\"sequence\":" + gen.now()));
        pings.increment();
      }
    });
  }

  /**
   * What each further connection adds to the process's memory, whenever the heap was first touched:
   * for a JVM, the resident memory outside the heap (RSS less the committed heap, every page of
   * which is resident when the heap is pre-touched) plus the live heap; for any other process its
   * RSS, read after a full collection where it allows one.
   */
  static Double memoryMarginal(Probe.Memory mid, Probe.Memory end, int n) {
    if (mid.heapUsed() < 0 || end.heapUsed() < 0) {
      return perConn(mid.rss(), end.rss(), n);
    }
    if (mid.outsideHeap() < 0 || end.outsideHeap() < 0) {
      return null;
    }
    return perConn(mid.outsideHeap() + mid.heapUsed(), end.outsideHeap() + end.heapUsed(), n);
  }

  private static Double mib(long bytes) {
    return bytes < 0 ? null : Report.round(bytes / 1048576.0, 1);
  }

  private static Double perConn(long before, long after, int n) {
    return before < 0 || after < 0 || n == 0 ? null : Report.round((after - before) / 1024.0 / n, 2);
  }
}
