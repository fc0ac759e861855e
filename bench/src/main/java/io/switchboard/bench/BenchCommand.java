package io.switchboard.bench;

import io.switchboard.config.Keys;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard bench SCENARIO... [options]}: runs scenarios against one or more targets in
 * one run, one target at a time (each started fresh for each scenario when the bench starts it),
 * prints a table per scenario with the first target's ratio to every other, and writes a JSON report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load-test Switchboard side by side with peer servers on this machine.",
        "Scenarios: relay, echo, fan-out, idle, commands (Switchboard only: REST command, device, result).",
        "Targets: switchboard (child JVM, the default), switchboard-redis, switchboard-cluster (child JVMs on "
            + "Redis), bare (bare Vert.x relay, child JVM), bare-netty (bare Netty relay, child JVM), node-ws, "
            + "socketio, fastapi (bench/peers/run.sh), inproc, inproc-bare, inproc-bare-netty, inproc-cluster "
            + "(inside this JVM), or NAME=URL[,pid=PID][,main=URL] for a server already running."})
public final class BenchCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SCENARIO",
      description = "relay, echo, fan-out, idle or commands (several run in order).")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--target", paramLabel = "SPEC", description = "A target; repeatable; the first is the reference of the ratios.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--url", paramLabel = "URL", description = "A running Switchboard's pairing listener "
      + "(http://127.0.0.1:8089); same as --target switchboard=URL.")
  String url;

  @Option(names = "--main-url", paramLabel = "URL", description = "With --url: the same Switchboard's main listener "
      + "(http.port, http://127.0.0.1:8000), where the devices profile of the commands scenario is.")
  String mainUrl;

  @Option(names = "--pid", description = "With --url: the server's process id, for its CPU and memory.")
  Long pid;

  @Option(names = "--pairs", description = "relay: pairs. Default ${DEFAULT-VALUE}.", defaultValue = "100")
  int pairs;

  @Option(names = "--rate", description = "relay: round trips/s (default 10000); fan-out: publishes/s (default 300); "
      + "commands: REST calls/s in all, open loop (default: closed loop, see --in-flight).")
  Integer rate;

  @Option(names = "--duration", description = "Seconds per measured step. Default ${DEFAULT-VALUE}.", defaultValue = "5")
  double duration;

  @Option(names = "--warmup", description = "Seconds of unrecorded load first. Default ${DEFAULT-VALUE}.", defaultValue = "2")
  double warmup;

  @Option(names = "--connections", description = "echo: connections (default 16); idle: connections held (default "
      + "1000); commands: HTTP connections of the REST client (default: the largest --in-flight, at least 64).")
  Integer connections;

  @Option(names = "--warmup-connections", description = "idle: connections set up, pinged and closed before the "
      + "first measurement, so one-time costs (compiled code, loaded classes, buffer pools) are not counted per "
      + "connection. Default ${DEFAULT-VALUE}.", defaultValue = "0")
  int warmupConnections;

  @Option(names = "--in-flight", split = ",", description = "echo: pings in flight per connection; commands: REST "
      + "calls outstanding in all (closed loop); one step each. Default 1,16 (commands: only without --rate).")
  List<Integer> inFlight;

  @Option(names = "--members", description = "fan-out: channel members. Default ${DEFAULT-VALUE}.", defaultValue = "1000")
  int members;

  @Option(names = "--devices", description = "commands: devices connected and registered. Default ${DEFAULT-VALUE}.",
      defaultValue = "100")
  int devices;

  @Option(names = "--heartbeat", description = "idle: seconds between pings per connection. Default ${DEFAULT-VALUE}.",
      defaultValue = "10")
  double heartbeat;

  @Option(names = "--find-max", description = "relay: search the highest rate with p99 under --p99-limit.")
  boolean findMax;

  @Option(names = "--step", description = "relay search: rate factor between steps. Default ${DEFAULT-VALUE}.",
      defaultValue = "1.25")
  double step;

  @Option(names = "--p99-limit", description = "relay search: p99 bound in ms. Default ${DEFAULT-VALUE}.", defaultValue = "5")
  double p99Limit;

  @Option(names = "--max-steps", description = "relay search: most steps. Default ${DEFAULT-VALUE}.", defaultValue = "12")
  int maxSteps;

  @Option(names = "--repeat", description = "relay: run the fixed-rate step and the search this many times; the "
      + "summary gives the medians. Default ${DEFAULT-VALUE}.", defaultValue = "1")
  int repeat;

  @Option(names = "--interleave", description = "relay: start every target at once and measure each step of their "
      + "searches one target after another, so that a machine whose speed drifts loads every target alike "
      + "(other scenarios still run one target at a time).")
  boolean interleave;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  Path json;

  @Option(names = "--sources", description = "Loopback source addresses 127.0.0.1..127.0.0.N, for more than ~28k "
      + "connections to one port. Default ${DEFAULT-VALUE}.", defaultValue = "1")
  int sources;

  @Option(names = "--loops", description = "Generator event loops. Default: one per core.")
  Integer loops;

  @Option(names = "--concurrency", description = "Connections being set up at once. Default ${DEFAULT-VALUE}.",
      defaultValue = "64")
  int concurrency;

  @Option(names = "--peers-dir", description = "Where run.sh and the peers are. Default ${DEFAULT-VALUE}.",
      defaultValue = "bench/peers")
  Path peersDir;

  @Option(names = "--data-dir", description = "A running Switchboard's data directory (its JWT secret signs the "
      + "bench's user tokens). Default ${DEFAULT-VALUE}.", defaultValue = "./data")
  Path dataDir;

  @Option(names = "--server-jvm-opts", description = "JVM options of the child-JVM targets. Default ${DEFAULT-VALUE}.",
      defaultValue = "-Xms256m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+AlwaysPreTouch")
  String jvmOpts;

  @Option(names = {"-s", "--server-set"}, paramLabel = "KEY=VALUE",
      description = "Configuration of the Switchboard targets the bench starts; repeatable.")
  List<String> serverSets = new ArrayList<>();

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    List<String> chosen = scenarios.stream().map(n -> Scenario.named(n).name()).toList();
    List<String> specs = new ArrayList<>(targets);
    if (url != null) {
      specs.add(0, "switchboard=" + url + (pid == null ? "" : ",pid=" + pid)
          + (mainUrl == null ? "" : ",main=" + mainUrl));
    } else if (mainUrl != null) {
      throw new IllegalArgumentException("--main-url goes with --url (the same server's pairing listener)");
    }
    if (specs.isEmpty()) {
      specs.add("switchboard");
    }
    for (String spec : specs) {
      checkLoopback(spec);
    }
    Settings s = settings();
    Report report = new Report(options(specs));
    Map<String, List<String>> compared = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("switchboard-bench-");
    int failures = 0;
    long[] ticks = Machine.cpuTicks();
    report.note("machine before the run: " + Machine.wakeUps(1));
    try (Gen gen = new Gen(loops == null ? Runtime.getRuntime().availableProcessors() : loops, concurrency, quiet)) {
      for (String name : chosen) {
        Target.Env env = new Target.Env(gen.vertx, sourceAddresses(), peersDir, jvmOpts, dataDir,
            serverConfig(name), work);
        compared.put(name, Scenario.named(name).compared());
        if (interleave && name.equals("relay")) {
          failures += interleavedRelay(specs, env, gen, s, report);
          continue;
        }
        for (String spec : specs) {
          Scenario scenario = Scenario.named(name); // fresh counters for each target
          String load = Machine.loadAverage();
          gen.log("%s on %s (load average %s)", scenario.name(), spec, load);
          try (Target target = Target.open(spec, env)) {
            report.note(scenario.name() + " on " + target.name + ": machine load average at start " + load);
            report.target(target.name, target.description);
            scenario.run(target, gen, s, report);
          } catch (RuntimeException e) {
            failures++;
            report.note(scenario.name() + " on " + spec + " failed: " + e.getMessage());
            gen.log("  failed: %s", e);
          }
        }
      }
    }
    report.note("machine after the run: " + Machine.wakeUps(1) + "; CPU time stolen by the hypervisor during "
        + "the run: " + Machine.steal(ticks, Machine.cpuTicks()));
    PrintStream out = System.out;
    report.print(out, compared);
    if (json != null) {
      report.writeJson(json);
      out.println("report written to " + json);
    }
    return failures == 0 ? 0 : 1;
  }

  /** Starts every target, then runs the relay on all of them together; the count of targets that failed. */
  private static int interleavedRelay(List<String> specs, Target.Env env, Gen gen, Settings s, Report report) {
    List<Target> open = new ArrayList<>();
    int failures = 0;
    try {
      for (String spec : specs) {
        String load = Machine.loadAverage();
        gen.log("relay on %s (load average %s)", spec, load);
        try {
          Target target = Target.open(spec, env);
          open.add(target);
          report.note("relay on " + target.name + ": machine load average at start " + load);
          report.target(target.name, target.description);
        } catch (RuntimeException e) {
          failures++;
          report.note("relay on " + spec + " failed: " + e.getMessage());
          gen.log("  failed: %s", e);
        }
      }
      if (!open.isEmpty()) {
        report.note("relay: targets interleaved (all started, each step measured on one target after another)");
        try {
          RelayScenario.interleaved(open, gen, s, report);
        } catch (RuntimeException e) {
          failures++;
          report.note("relay (interleaved) failed: " + e.getMessage());
          gen.log("  failed: %s", e);
        }
      }
    } finally {
      for (Target t : open) {
        try {
          t.close();
        } catch (RuntimeException e) {
          gen.log("  stopping %s: %s", t.name, e);
        }
      }
    }
    return failures;
  }

  Settings settings() {
    Settings s = new Settings();
    s.pairs = pairs;
    s.rate = rate;
    s.duration = duration;
    s.warmup = warmup;
    s.connections = connections;
    s.warmupConnections = warmupConnections;
    if (inFlight != null && !inFlight.isEmpty()) {
      s.inFlight = List.copyOf(inFlight);
    }
    s.members = members;
    s.devices = devices;
    s.heartbeat = heartbeat;
    s.findMax = findMax;
    s.step = step;
    s.p99LimitMs = p99Limit;
    s.maxSteps = maxSteps;
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1");
    }
    s.repeat = repeat;
    return s;
  }

  private Map<String, Object> options(List<String> specs) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scenarios", scenarios);
    o.put("targets", specs);
    o.put("pairs", pairs);
    o.put("rate", rate);
    o.put("duration_s", duration);
    o.put("warmup_s", warmup);
    o.put("connections", connections);
    o.put("warmup_connections", warmupConnections);
    o.put("in_flight", inFlight);
    o.put("members", members);
    o.put("devices", devices);
    o.put("heartbeat_s", heartbeat);
    o.put("find_max", findMax);
    o.put("p99_limit_ms", p99Limit);
    o.put("repeat", repeat);
    o.put("interleave", interleave);
    o.put("sources", sources);
    o.put("generator_loops", loops == null ? Runtime.getRuntime().availableProcessors() : loops);
    o.put("server_jvm_opts", jvmOpts);
    o.put("server_set", serverSets);
    return o;
  }

  private List<String> sourceAddresses() {
    if (sources <= 1) {
      return List.of();
    }
    if (sources > 254) {
      throw new IllegalArgumentException("--sources must be at most 254");
    }
    List<String> list = new ArrayList<>();
    for (int i = 1; i <= sources; i++) {
      list.add("127.0.0." + i);
    }
    return list;
  }

  /**
   * The configuration of the Switchboards the bench starts for a scenario: {@code -s} values, and
   * for fan-out a channel capacity for the publisher and every member unless {@code -s} sets one.
   */
  Map<String, String> serverConfig(String scenario) {
    Map<String, String> m = serverConfig();
    if (scenario.equals("fan-out")) {
      m.putIfAbsent(Keys.PAIRING_MAX_DEVICES, Integer.toString(Math.max(2, members + 1)));
    }
    return m;
  }

  private Map<String, String> serverConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : serverSets) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--server-set takes KEY=VALUE, got " + kv);
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  /** The generator only loads servers on this machine: every URL of the spec must be a loopback address. */
  private static void checkLoopback(String spec) throws Exception {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      return;
    }
    String[] parts = spec.substring(eq + 1).split(",");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0 && !parts[i].startsWith("main=")) {
        continue;
      }
      String host = URI.create(i == 0 ? parts[i] : parts[i].substring(5)).getHost();
      if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("target " + spec + " is not a loopback address; the bench only loads "
            + "servers on this machine (127.0.0.0/8)");
      }
    }
  }
}
