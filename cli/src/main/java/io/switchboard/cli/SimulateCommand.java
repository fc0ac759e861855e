package io.switchboard.cli;

import io.switchboard.cli.simulate.GlassesSimulator;
import io.switchboard.cli.simulate.SimulateDeviceCommand;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard simulate ...}: simulated clients for a running server. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Simulate clients against a running server.",
    subcommands = {SimulateCommand.Glasses.class, SimulateDeviceCommand.class})
final class SimulateCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code switchboard simulate glasses --token JWT [--url URL]}. */
  @Command(name = "glasses", mixinStandardHelpOptions = true,
      description = {"Connect as smart glasses: send transcriptions, button presses, head positions, locations "
          + "and audio, and print the display events (and everything else) the server sends back.",
          "Exit code 0 when the glasses were acknowledged and stayed connected, 1 otherwise."})
  static final class Glasses implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--token", required = true, paramLabel = "JWT", description = "User JWT (see `switchboard token`).")
    String token;
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", paramLabel = "URL",
        description = "Main listener of the server (http, https, ws or wss). Default ${DEFAULT-VALUE}.")
    String url;
    @Option(names = "--start", paramLabel = "PACKAGE", description = "Start this app first (repeatable).")
    List<String> start = new ArrayList<>();
    @Option(names = "--rounds", defaultValue = "5",
        description = "Rounds of events to send; 0 sends until stopped. Default ${DEFAULT-VALUE}.")
    int rounds;
    @Option(names = "--interval", defaultValue = "1000", paramLabel = "MS",
        description = "Milliseconds between rounds. Default ${DEFAULT-VALUE}.")
    long intervalMs;
    @Option(names = "--linger", defaultValue = "2000", paramLabel = "MS",
        description = "Milliseconds to keep listening after the last round. Default ${DEFAULT-VALUE}.")
    long lingerMs;

    @Override
    public Integer call() throws InterruptedException {
      if (rounds < 0 || intervalMs < 0 || lingerMs < 0) {
        throw new ParameterException(spec.commandLine(), "--rounds, --interval and --linger cannot be negative");
      }
      PrintWriter out = spec.commandLine().getOut();
      Vertx vertx = Vertx.vertx();
      try {
        return new GlassesSimulator(out, vertx, new GlassesSimulator.Plan(url, token, start, rounds,
            Duration.ofMillis(intervalMs), Duration.ofMillis(lingerMs))).run();
      } finally {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          spec.commandLine().getErr().println("simulate: client shutdown: " + e);
        }
      }
    }
  }
}
