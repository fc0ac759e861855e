package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Command round trips through the devices profile: --devices devices connected to the devices
 * WebSocket and registered with the capability {@code location}, each answering every command at
 * once with a small result (its own number as latitude); REST {@code POST /api/devices/location}
 * calls spread over the devices in turn, either at a fixed total --rate (open loop: a 1 ms tick per
 * generator loop sends what is due whether or not answers came back) or with --in-flight calls
 * outstanding in all (closed loop: each answer starts the next call), one step per value. A call is
 * timed from the request to the end of the response body; 200 answers carrying the right device's
 * latitude go into the histogram, anything else is counted by HTTP status ({@code io} when there was
 * no answer). Only Switchboard has the devices profile; other targets are reported unsupported.
 */
final class CommandsScenario implements Scenario {
  static final String PATH = "/api/devices/location";
  /**
   * Open loop: calls due while this many are outstanding are counted, not sent (a stalled server
   * must not exhaust the generator).
   */
  private static final int MAX_OUTSTANDING = 20_000;
  private static final long DRAIN_MS = 10_000;

  private record Device(int number, Link link, String body) {}

  /** What one step drives: the REST client and the registered devices. */
  private record Load(Target target, Gen gen, HttpClient http, String bearer, List<Device> devices) {}

  private final Recorder recorder = new Recorder(Gen.MAX_LATENCY_NANOS, 3);
  private final LongAdder ok = new LongAdder();
  private final LongAdder wrong = new LongAdder();
  private final LongAdder unsent = new LongAdder();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong next = new AtomicLong();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private volatile boolean running;
  /** Which step a closed loop belongs to: a late answer from an earlier step does not start a call. */
  private volatile int stepNo;

  @Override
  public String name() {
    return "commands";
  }

  @Override
  public List<String> compared() {
    return List.of("calls_per_s", "p99_ms", "server_cpu_us_per_call");
  }

  @Override
  public void run(Target target, Gen gen, Settings s, Report report) {
    DeviceApi api = target.adapter.devices();
    if (api == null) {
      report.add(new Report.Row(name(), target.name, "unsupported", Report.values("devices", s.devices)));
      report.note(target.name + " commands: not measured: " + target.adapter.devicesUnsupported());
      return;
    }
    Gen.Setup<Device> setup = gen.setup("devices", s.devices, i -> api.register(i, List.of("location"))
        .map(l -> new Device(i, l, "{\"device_node_id\":\"" + api.deviceId(i) + "\",\"accuracy\":\"high\"}")));
    List<Device> devices = setup.items();
    List<Link> links = new ArrayList<>();
    for (Device d : devices) {
      links.add(d.link());
      d.link().run(frame -> answer(d, frame));
    }
    List<Integer> steps = s.rate != null && s.inFlight == null ? List.of() : s.inFlightOr(List.of(1, 16));
    int pool = s.connectionsOr(Math.max(64, steps.stream().mapToInt(Integer::intValue).max().orElse(0)));
    HttpClient http = gen.vertx.createHttpClient(new HttpClientOptions().setDefaultHost(api.host)
        .setDefaultPort(api.port).setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(15_000),
        new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1));
    Load load = new Load(target, gen, http, "Bearer " + api.token, devices);
    try {
      if (s.warmup > 0) {
        step(load, s.rate == null ? 0 : s.rate, s.rate == null ? steps.get(steps.size() - 1) : 0, s.warmup);
      }
      if (s.rate != null) {
        Map<String, Object> v = step(load, s.rate, 0, s.duration);
        v.put("setup_s", Report.round(setup.seconds(), 1));
        report.add(new Report.Row(name(), target.name, "rate=" + s.rate, v));
      }
      for (int k : steps) {
        Map<String, Object> v = step(load, 0, k, s.duration);
        v.put("setup_s", Report.round(setup.seconds(), 1));
        report.add(new Report.Row(name(), target.name, "in_flight=" + k, v));
      }
      if (setup.failed() > 0) {
        report.note(target.name + " commands: " + setup.failed() + " of " + s.devices + " devices did not register; "
            + "first: " + setup.firstFailure());
      }
      if (firstFailure.get() != null) {
        report.note(target.name + " commands: first failed call: " + firstFailure.get());
      }
    } finally {
      try {
        http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        gen.log("  closing the REST client: %s", e.toString());
      }
      gen.closeAll(links);
    }
  }

  /** The device's side: every command is answered at once; a probe gets a heartbeat. */
  private void answer(Device d, String frame) {
    String type = Codec.JSON.type(frame);
    if ("command".equals(type)) {
      String id = Frames.string(frame, "command_id");
      if (id != null) {
        d.link().send(DeviceApi.result(id, "\"latitude\":" + d.number() + ",\"longitude\":" + -d.number()
            + ",\"accuracy\":\"high\""));
      }
    } else if ("heartbeat_probe".equals(type)) {
      d.link().send("heartbeat", "");
    } else if ("error".equals(type)) {
      fail("device", "device " + d.number() + " got " + frame);
    }
  }

  /** One REST call to the device; {@code then} runs on the calling context once it is answered. */
  private void call(Load l, Device d, Runnable then) {
    long t0 = System.nanoTime();
    outstanding.incrementAndGet();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
        .putHeader("Authorization", l.bearer()).putHeader("Content-Type", "application/json");
    l.http().request(o).compose(req -> req.send(d.body()))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
        .onComplete(ar -> {
          long nanos = System.nanoTime() - t0;
          if (ar.failed()) {
            fail("io", String.valueOf(ar.cause()));
          } else if (ar.result().status() != 200) {
            fail(Integer.toString(ar.result().status()), "HTTP " + ar.result().status() + " " + ar.result().body());
          } else if (Frames.number(ar.result().body(), "latitude", -1) != d.number()) {
            wrong.increment();
            firstFailure.compareAndSet(null, "device " + d.number() + " answered with " + ar.result().body());
          } else {
            recorder.recordValue(Gen.clamp(nanos));
            ok.increment();
          }
          outstanding.decrementAndGet();
          if (then != null) {
            then.run();
          }
        });
  }

  private record Answer(int status, String body) {}

  private void fail(String key, String what) {
    failures.computeIfAbsent(key, k -> new LongAdder()).increment();
    firstFailure.compareAndSet(null, what.length() > 300 ? what.substring(0, 300) : what);
  }

  private Device nextDevice(Load l) {
    return l.devices().get((int) Math.floorMod(next.getAndIncrement(), (long) l.devices().size()));
  }

  /** Closed loop on one context: each answered call starts the next while its step runs. */
  private void loop(Load l, Context ctx, int step) {
    if (running && stepNo == step) {
      call(l, nextDevice(l), () -> ctx.runOnContext(v -> loop(l, ctx, step)));
    }
  }

  /** One measured step: {@code rate} calls/s (open loop) when positive, else {@code inFlight} outstanding. */
  private Map<String, Object> step(Load l, int rate, int inFlight, double seconds) {
    Gen gen = l.gen();
    Target target = l.target();
    recorder.reset();
    failures.clear();
    long ok0 = ok.sum();
    long wrong0 = wrong.sum();
    long unsent0 = unsent.sum();
    long cpu0 = target.probe.cpuNanos();
    long self0 = Gen.selfCpu();
    long t0 = System.nanoTime();
    List<long[]> timers = new ArrayList<>();
    int step = ++stepNo;
    running = true;
    if (rate > 0) {
      double perSecond = (double) rate / gen.contexts.size();
      for (Context ctx : gen.contexts) {
        long[] state = {0, -1}; // due calls handled by this loop, timer id
        timers.add(state);
        ctx.runOnContext(v -> state[1] = gen.vertx.setPeriodic(1, id -> {
          long due = (long) (perSecond * (System.nanoTime() - t0) / 1e9) - state[0];
          for (long j = 0; j < Math.min(due, 5_000); j++) {
            state[0]++;
            if (outstanding.get() >= MAX_OUTSTANDING) {
              unsent.increment();
            } else {
              call(l, nextDevice(l), null);
            }
          }
        }));
      }
    } else {
      for (int i = 0; i < inFlight; i++) {
        Context ctx = gen.context(i);
        ctx.runOnContext(v -> loop(l, ctx, step));
      }
    }
    Gen.sleep(seconds);
    running = false;
    for (long[] state : timers) {
      gen.vertx.cancelTimer(state[1]);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long n = ok.sum() - ok0;
    long cpu1 = target.probe.cpuNanos();
    long self1 = Gen.selfCpu();
    long deadline = System.currentTimeMillis() + DRAIN_MS;
    while (outstanding.get() > 0 && System.currentTimeMillis() < deadline) {
      Gen.sleep(0.02);
    }
    Histogram h = recorder.getIntervalHistogram();
    Map<String, Object> v = Report.values("devices", l.devices().size(), "rate", rate > 0 ? rate : null,
        "in_flight", rate > 0 ? null : inFlight, "calls_per_s", Report.round(n / elapsed, 0));
    Report.latencies(v, "", h);
    v.put("server_cpu_us_per_call", cpu0 < 0 || n == 0 ? null : Report.round((cpu1 - cpu0) / 1000.0 / n, 1));
    v.put("server_cpu_pct", cpu0 < 0 ? null : Report.round(100.0 * (cpu1 - cpu0) / 1e9 / elapsed, 0));
    v.put("gen_cpu_pct", self0 < 0 ? null : Report.round(100.0 * (self1 - self0) / 1e9 / elapsed, 0));
    Map<String, Long> byStatus = new TreeMap<>();
    failures.forEach((k, c) -> byStatus.put(k, c.sum()));
    v.put("errors", byStatus.values().stream().mapToLong(Long::longValue).sum());
    v.put("errors_by_status", byStatus.isEmpty() ? null : byStatus);
    v.put("wrong_results", wrong.sum() - wrong0);
    if (rate > 0) {
      v.put("unsent", unsent.sum() - unsent0);
    }
    v.put("unanswered", outstanding.get());
    gen.log("  %s commands %s: %.0f calls/s p99=%s ms, %s errors", target.name,
        rate > 0 ? "rate=" + rate : "in_flight=" + inFlight, n / elapsed, v.get("p99_ms"), v.get("errors"));
    return v;
  }
}
