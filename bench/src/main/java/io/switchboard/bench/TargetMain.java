package io.switchboard.bench;

import io.switchboard.bench.peers.BareNettyRelay;
import io.switchboard.bench.peers.BareRelay;
import io.switchboard.config.Config;
import io.switchboard.server.SwitchboardServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one target server in its own JVM: {@code [--watch-stdin] switchboard KEY=VALUE...} or
 * {@code [--watch-stdin] bare PORT [SERVER_INSTANCES]}. Prints {@code READY} when listening and runs until stopped;
 * with {@code --watch-stdin} (how the generator starts it) it also stops when its standard input
 * closes, so that it never outlives the generator.
 */
public final class TargetMain {
  private TargetMain() {}

  public static void main(String[] argv) throws IOException, InterruptedException {
    boolean watch = argv.length > 0 && argv[0].equals("--watch-stdin");
    String[] args = watch ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
    if (args.length < 1) {
      System.err.println("usage: TargetMain [--watch-stdin] switchboard KEY=VALUE... | bare PORT [INSTANCES] | bare-netty PORT [LOOPS]");
      System.exit(2);
    }
    Runnable stop;
    if (args[0].equals("switchboard")) {
      Map<String, String> config = new HashMap<>();
      for (int i = 1; i < args.length; i++) {
        int eq = args[i].indexOf('=');
        config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      }
      SwitchboardServer server = SwitchboardServer.start(Config.defaults().with(config));
      System.out.println("READY switchboard main port " + server.httpPort() + " pairing port " + server.pairingPort());
      stop = () -> server.stop().toCompletionStage().toCompletableFuture().join();
    } else if (args[0].equals("bare")) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(Gen.nativeTransport()));
      int instances = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
      BareRelay relay = BareRelay.start(vertx, "127.0.0.1", Integer.parseInt(args[1]), instances)
          .toCompletionStage().toCompletableFuture().join();
      System.out.println("READY bare port " + relay.port());
      stop = () -> vertx.close().toCompletionStage().toCompletableFuture().join();
    } else if (args[0].equals("bare-netty")) {
      int loops = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
      BareNettyRelay relay = BareNettyRelay.start("127.0.0.1", Integer.parseInt(args[1]), loops);
      System.out.println("READY bare-netty port " + args[1]);
      stop = relay::close;
    } else {
      System.err.println("unknown target " + args[0]);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "target-stop"));
    if (!watch) {
      new CountDownLatch(1).await();
    }
    while (System.in.read() >= 0) {
      // wait for the generator to go away
    }
    System.exit(0);
  }
}
