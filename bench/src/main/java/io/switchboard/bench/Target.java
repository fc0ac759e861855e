package io.switchboard.bench;

import io.switchboard.bench.peers.BareNettyRelay;
import io.switchboard.bench.peers.BareRelay;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.auth.Credentials;
import io.switchboard.server.SwitchboardServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A server under test: how to reach it (its {@link Adapter}), how to read its CPU and memory (its
 * {@link Probe}), and how to stop it if the generator started it.
 *
 * <p>Specs: {@code NAME} starts the target itself ({@code switchboard} and {@code bare} in a child
 * JVM, {@code switchboard-netty} and {@code switchboard-vertx} with that WebSocket engine,
 * {@code switchboard-no-affinity} with each socket left on the loop that accepted it;
 * {@code switchboard-redis}, one node on the Redis engines, and {@code switchboard-cluster}, two
 * nodes sharing Redis with the desktops on one and the mobiles on the other, in child JVMs;
 * {@code node-ws}, {@code socketio}, {@code fastapi} through bench/peers/run.sh; {@code inproc},
 * {@code inproc-bare}, {@code inproc-bare-netty} and {@code inproc-cluster} inside the generator's JVM);
 * {@code NAME=URL[,pid=PID][,main=URL]} uses a server already running. The protocol follows the
 * name: {@code switchboard*} and {@code inproc*} speak pairing, {@code socketio*} Socket.IO,
 * anything else the simple peer protocol. A Switchboard has two listeners: the pairing one (the
 * URL) and the main one ({@code main=}, where the devices profile is); the bench knows both of the
 * Switchboards it starts.
 */
final class Target implements AutoCloseable {
  /** Limits that would stop one load generator on one address are raised; every check still runs. */
  static final Map<String, String> SWITCHBOARD_BENCH_CONFIG = Map.of(
      Keys.RATE, "1000000", Keys.BURST, "1000000", Keys.PER_IP, "1000000", Keys.HTTP_HOST, "127.0.0.1",
      // a fan-out group's members pair with one code, many at once: attempts in progress count against this
      Keys.PAIRING_FAILURES, "1000000");

  /** The Redis of the cluster targets unless {@code -s cluster.redis-url=...} says otherwise. */
  static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";

  final String name;
  final String description;
  final Adapter adapter;
  final Probe probe;
  private final AutoCloseable resource;

  private Target(String name, String description, Adapter adapter, Probe probe, AutoCloseable resource) {
    this.name = name;
    this.description = description;
    this.adapter = adapter;
    this.probe = probe;
    this.resource = resource;
  }

  /** What the targets share: the generator's Vert.x, source addresses, where peers and data live. */
  record Env(Vertx vertx, List<String> sources, Path peersDir, String jvmOpts, Path dataDir,
      Map<String, String> serverConfig, Path workDir) {}

  static Target open(String spec, Env env) {
    int eq = spec.indexOf('=');
    String name = eq < 0 ? spec : spec.substring(0, eq);
    if (eq >= 0) {
      return external(name, spec.substring(eq + 1), env);
    }
    return switch (name) {
      case "inproc" -> inProcessSwitchboard(env);
      case "inproc-bare" -> inProcessBare(env);
      case "inproc-bare-netty" -> inProcessBareNetty(env);
      case "inproc-cluster" -> inProcessCluster(env);
      case "switchboard" -> spawnedSwitchboard("switchboard", env, Map.of());
      case "switchboard-netty", "switchboard-vertx" -> spawnedSwitchboard(name, env,
          Map.of(Keys.WEBSOCKET_ENGINE, name.substring("switchboard-".length())));
      case "switchboard-no-affinity" -> spawnedSwitchboard(name, env, Map.of(Keys.LOOP_AFFINITY, "false"));
      case "switchboard-redis" -> spawnedCluster("switchboard-redis", env, 1);
      case "switchboard-cluster" -> spawnedCluster("switchboard-cluster", env, 2);
      case "bare" -> spawnedJvm(name, env, List.of("bare"), "bare Vert.x relay (child JVM)");
      case "bare-netty" -> spawnedJvm(name, env, List.of("bare-netty"), "bare Netty relay without Vert.x (child JVM)");
      case "node-ws", "socketio", "fastapi" -> script(name, env);
      default -> throw new IllegalArgumentException("unknown target '" + name
          + "': use switchboard, switchboard-netty, switchboard-vertx, switchboard-no-affinity, switchboard-redis, switchboard-cluster, bare, "
          + "bare-netty, node-ws, socketio, fastapi, inproc, "
          + "inproc-bare, inproc-bare-netty, inproc-cluster or NAME=URL[,pid=PID]");
    };
  }

  private static Target external(String name, String rest, Env env) {
    String[] parts = rest.split(",");
    URI url = URI.create(parts[0]);
    long pid = -1;
    URI main = null;
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("pid=")) {
        pid = Long.parseLong(parts[i].substring(4));
      } else if (parts[i].startsWith("main=")) {
        main = URI.create(parts[i].substring(5));
      } else {
        throw new IllegalArgumentException("target " + name + ": unknown part '" + parts[i]
            + "' (use pid=PID, main=URL)");
      }
    }
    Probe probe = pid < 0 ? Probe.NONE : Probe.process(pid,
        name.startsWith("switchboard") || name.startsWith("bare") ? Probe.Collect.JCMD : Probe.Collect.NONE, null);
    Adapter adapter;
    if (name.startsWith("switchboard") || name.equals("inproc")) {
      Credentials creds = Credentials.create(env.vertx(), Config.defaults().with(Map.of(Keys.DATA_DIR,
          env.dataDir().toString())), Clock.systemUTC());
      adapter = new SwitchboardAdapter(env.vertx(), url, main, env.sources(),
          u -> creds.mintUserToken(u, Duration.ofHours(2)));
    } else {
      adapter = new SimpleAdapter(env.vertx(), url, env.sources(), name.startsWith("socketio"));
    }
    return new Target(name, name + " at " + url + (main == null ? "" : " (main listener " + main + ")"), adapter,
        probe, null);
  }

  private static Map<String, String> switchboardConfig(Path dataDir, int mainPort, int pairingPort, Env env) {
    Map<String, String> c = new HashMap<>(SWITCHBOARD_BENCH_CONFIG);
    c.put(Keys.DATA_DIR, dataDir.toString());
    c.put(Keys.HTTP_PORT, Integer.toString(mainPort));
    c.put(Keys.PAIRING_PORT, Integer.toString(pairingPort));
    c.putAll(env.serverConfig());
    return c;
  }

  private static Adapter switchboardAdapter(Env env, Map<String, String> config, int mainPort, int pairingPort) {
    Credentials creds = Credentials.create(env.vertx(), Config.defaults().with(config), Clock.systemUTC());
    return new SwitchboardAdapter(env.vertx(), URI.create("http://127.0.0.1:" + pairingPort),
        URI.create("http://127.0.0.1:" + mainPort), env.sources(), u -> creds.mintUserToken(u, Duration.ofHours(2)));
  }

  private static Target inProcessSwitchboard(Env env) {
    Map<String, String> config = switchboardConfig(tempDir(env, "switchboard-"), 0, 0, env);
    SwitchboardServer server = SwitchboardServer.start(Config.defaults().with(config));
    Adapter adapter = switchboardAdapter(env, config, server.httpPort(), server.pairingPort());
    return new Target("inproc", "Switchboard in the generator's JVM", adapter, Probe.inProcess(),
        () -> server.stop().toCompletionStage().toCompletableFuture().join());
  }

  private static Target inProcessBare(Env env) {
    Vertx vertx = Vertx.vertx();
    BareRelay relay = BareRelay.start(vertx, "127.0.0.1", 0, Runtime.getRuntime().availableProcessors())
        .toCompletionStage().toCompletableFuture().join();
    Adapter adapter = new SimpleAdapter(env.vertx(), URI.create("ws://127.0.0.1:" + relay.port() + "/ws"),
        env.sources(), false);
    return new Target("inproc-bare", "bare Vert.x relay in the generator's JVM", adapter, Probe.inProcess(),
        () -> vertx.close().toCompletionStage().toCompletableFuture().join());
  }

  private static Target inProcessBareNetty(Env env) {
    int port = BareRelay.freePort("127.0.0.1");
    BareNettyRelay relay;
    try {
      relay = BareNettyRelay.start("127.0.0.1", port, Runtime.getRuntime().availableProcessors());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the bare Netty relay", e);
    }
    Adapter adapter = new SimpleAdapter(env.vertx(), URI.create("ws://127.0.0.1:" + port + "/ws"), env.sources(), false);
    return new Target("inproc-bare-netty", "bare Netty relay in the generator's JVM", adapter, Probe.inProcess(),
        relay::close);
  }

  /** One Switchboard in a child JVM; {@code engine} (the WebSocket engine, or empty) wins over {@code -s}. */
  private static Target spawnedSwitchboard(String name, Env env, Map<String, String> engine) {
    int free = BareRelay.freePort("127.0.0.1");
    int freeMain = BareRelay.freePort("127.0.0.1");
    while (freeMain == free) {
      freeMain = BareRelay.freePort("127.0.0.1");
    }
    Map<String, String> config = switchboardConfig(tempDir(env, "switchboard-"), freeMain, free, env);
    config.putAll(engine);
    int port = Integer.parseInt(config.get(Keys.PAIRING_PORT)); // -s may have set either port
    int mainPort = Integer.parseInt(config.get(Keys.HTTP_PORT));
    Adapter adapter = switchboardAdapter(env, config, mainPort, port); // creates the secret before the server reads it
    List<String> args = new ArrayList<>(List.of("switchboard"));
    config.forEach((k, v) -> args.add(k + "=" + v));
    TargetProcess p = TargetProcess.start("switchboard", TargetProcess.javaCommand(env.jvmOpts(), args),
        List.of(port, mainPort), env.workDir());
    return new Target(name, "Switchboard" + (engine.isEmpty() ? "" : ", " + engine.values().iterator().next()
        + " WebSocket engine") + " (child JVM: " + env.jvmOpts() + ")", adapter,
        Probe.process(p.pid(), Probe.Collect.JCMD, p.log()), p);
  }

  /**
   * {@code nodes} Switchboards on the Redis engines (a key prefix of their own for this run, removed
   * afterwards), each with its own data directory and embedded store, sharing a user-JWT secret.
   * With two, the desktops go to the first node and the mobiles to the second, so every relayed
   * message crosses nodes through Redis; CPU and memory are both nodes' together.
   */
  private static Target spawnedCluster(String name, Env env, int nodes) {
    Map<String, String> shared = clusterConfig(env);
    String prefix = shared.get(Keys.CLUSTER_REDIS_PREFIX);
    List<TargetProcess> processes = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    List<int[]> ports = new ArrayList<>();
    Map<String, String> first = null;
    try {
      for (int i = 1; i <= nodes; i++) {
        int[] p = freePorts();
        Map<String, String> config = switchboardConfig(tempDir(env, name + "-" + i + "-"), p[1], p[0], env);
        config.putAll(shared);
        config.put(Keys.NODE_ID, "bench-node-" + i);
        List<String> args = new ArrayList<>(List.of("switchboard"));
        config.forEach((k, v) -> args.add(k + "=" + v));
        TargetProcess proc = TargetProcess.start(name + "-" + i, TargetProcess.javaCommand(env.jvmOpts(), args),
            List.of(p[0], p[1]), env.workDir());
        processes.add(proc);
        probes.add(Probe.process(proc.pid(), Probe.Collect.JCMD, proc.log()));
        ports.add(p);
        first = first == null ? config : first;
      }
    } catch (RuntimeException e) {
      processes.forEach(TargetProcess::close);
      RedisKeys.delete(shared.get(Keys.CLUSTER_REDIS_URL), prefix);
      throw e;
    }
    Credentials creds = Credentials.create(env.vertx(), Config.defaults().with(first), Clock.systemUTC());
    URI desktopSide = URI.create("http://127.0.0.1:" + ports.get(0)[0]);
    URI mobileSide = URI.create("http://127.0.0.1:" + ports.get(nodes - 1)[0]);
    URI main = URI.create("http://127.0.0.1:" + ports.get(0)[1]);
    Adapter adapter = new SwitchboardAdapter(env.vertx(), desktopSide, main, mobileSide, env.sources(),
        u -> creds.mintUserToken(u, Duration.ofHours(2)));
    String redisUrl = shared.get(Keys.CLUSTER_REDIS_URL);
    return new Target(name, nodes + " Switchboard node(s) on Redis " + redisUrl + " (child JVMs: " + env.jvmOpts()
        + (nodes > 1 ? "; desktops on node 1, mobiles on node 2" : "") + ")", adapter, Probe.sum(probes), () -> {
          processes.forEach(TargetProcess::close);
          RedisKeys.delete(redisUrl, prefix);
        });
  }

  /** What the nodes of one cluster target share: Redis, a key prefix of this run's own, the JWT secret. */
  private static Map<String, String> clusterConfig(Env env) {
    Map<String, String> shared = new HashMap<>();
    shared.put(Keys.CLUSTER_REDIS_URL, DEFAULT_REDIS);
    shared.put(Keys.JWT_SECRET, "bench-" + UUID.randomUUID() + UUID.randomUUID());
    shared.putAll(env.serverConfig());
    shared.put(Keys.CLUSTER_REDIS_PREFIX, "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    return shared;
  }

  /** Two Switchboard nodes on Redis in the generator's JVM, desktops on the first, mobiles on the second. */
  private static Target inProcessCluster(Env env) {
    Map<String, String> shared = clusterConfig(env);
    String redisUrl = shared.get(Keys.CLUSTER_REDIS_URL);
    String prefix = shared.get(Keys.CLUSTER_REDIS_PREFIX);
    List<SwitchboardServer> servers = new ArrayList<>();
    Runnable stop = () -> {
      servers.forEach(n -> n.stop().toCompletionStage().toCompletableFuture().join());
      RedisKeys.delete(redisUrl, prefix);
    };
    Map<String, String> first = null;
    try {
      for (int i = 1; i <= 2; i++) {
        Map<String, String> config = switchboardConfig(tempDir(env, "switchboard-node-" + i + "-"), 0, 0, env);
        config.putAll(shared);
        config.put(Keys.NODE_ID, "bench-node-" + i);
        servers.add(SwitchboardServer.start(Config.defaults().with(config)));
        first = first == null ? config : first;
      }
    } catch (RuntimeException e) {
      stop.run();
      throw e;
    }
    Credentials creds = Credentials.create(env.vertx(), Config.defaults().with(first), Clock.systemUTC());
    Adapter adapter = new SwitchboardAdapter(env.vertx(),
        URI.create("http://127.0.0.1:" + servers.get(0).pairingPort()),
        URI.create("http://127.0.0.1:" + servers.get(0).httpPort()),
        URI.create("http://127.0.0.1:" + servers.get(1).pairingPort()), env.sources(),
        u -> creds.mintUserToken(u, Duration.ofHours(2)));
    return new Target("inproc-cluster", "two Switchboard nodes on Redis in the generator's JVM", adapter,
        Probe.inProcess(), stop::run);
  }

  /** Two distinct free ports: the pairing listener's and the main one's. */
  private static int[] freePorts() {
    int pairing = BareRelay.freePort("127.0.0.1");
    int main = BareRelay.freePort("127.0.0.1");
    while (main == pairing) {
      main = BareRelay.freePort("127.0.0.1");
    }
    return new int[] {pairing, main};
  }

  private static Target spawnedJvm(String name, Env env, List<String> args, String description) {
    int port = BareRelay.freePort("127.0.0.1");
    List<String> all = new ArrayList<>(args);
    all.add(Integer.toString(port));
    TargetProcess p = TargetProcess.start(name, TargetProcess.javaCommand(env.jvmOpts(), all), List.of(port),
        env.workDir());
    Adapter adapter = new SimpleAdapter(env.vertx(), URI.create("ws://127.0.0.1:" + port + "/ws"), env.sources(), false);
    return new Target(name, description + ", " + env.jvmOpts(), adapter,
        Probe.process(p.pid(), Probe.Collect.JCMD, p.log()), p);
  }

  private static Target script(String name, Env env) {
    int port = BareRelay.freePort("127.0.0.1");
    Path script = env.peersDir().resolve("run.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException(script + " not found: run from the project root or pass --peers-dir");
    }
    TargetProcess p = TargetProcess.start(name, List.of("bash", script.toString(), name, Integer.toString(port)),
        List.of(port), env.workDir());
    String path = name.equals("socketio") ? "/socket.io/" : "/ws";
    Adapter adapter = new SimpleAdapter(env.vertx(), URI.create("ws://127.0.0.1:" + port + path), env.sources(),
        name.equals("socketio"));
    return new Target(name, name + " (bench/peers/run.sh)", adapter, Probe.process(p.pid(),
        name.equals("node-ws") || name.equals("socketio") ? Probe.Collect.SIGNAL : Probe.Collect.NONE, p.log()), p);
  }

  private static Path tempDir(Env env, String prefix) {
    try {
      return Files.createTempDirectory(env.workDir(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    adapter.close();
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("stopping " + name + ": " + e);
      }
    }
  }
}
