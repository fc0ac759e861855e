package io.switchboard.cli;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.server.SwitchboardServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard serve}: runs the hub until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--port", description = "Main listener port (sets http.port).")
  Integer port;

  @Option(names = "--pairing-port", description = "Pairing listener port (sets pairing.port).")
  Integer pairingPort;

  @Override
  public Integer call() throws Exception {
    List<String> extra = new ArrayList<>();
    if (port != null) {
      extra.add(Keys.HTTP_PORT + "=" + port);
    }
    if (pairingPort != null) {
      extra.add(Keys.PAIRING_PORT + "=" + pairingPort);
    }
    options.sets.addAll(extra);
    Config config = options.load();
    SwitchboardServer server = SwitchboardServer.start(config);
    System.out.printf("Switchboard ready: main http://%s:%d  pairing ws://%s:%d/ws  (data: %s)%n",
        config.string(Keys.HTTP_HOST), server.httpPort(), config.string(Keys.HTTP_HOST), server.pairingPort(),
        config.string(Keys.DATA_DIR));
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM and SIGINT start the graceful stop before any JVM shutdown hook runs, so the
    // embedded database is still open while the last audit rows are written.
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stop.countDown());
    }
    stop.await();
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("shutdown: " + e);
    }
    return 0;
  }
}
