package io.switchboard.cli;

import io.switchboard.cli.demo.DemoTarget;
import io.switchboard.cli.demo.PairingDemo;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo}: plays a desktop and a mobile through the pairing flow, step by step,
 * against a server it starts in-process or a running one ({@code --url}). Exit code 0 when every
 * step happened as the contract says, 1 otherwise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Play a desktop and a mobile through pairing, settings sync, state, audio, ping and "
        + "disconnect, checking each step against the contract.",
        "Without --url it starts a server in-process (ephemeral ports, a temporary data directory unless "
        + "--data-dir is given). Exit code 0 when every step passed, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Option(names = "--url", paramLabel = "URL",
      description = "Pairing listener of a running server, e.g. http://localhost:8089.")
  String url;

  @Option(names = "--token", paramLabel = "JWT",
      description = "User JWT to use; default: one minted with the data directory's secret (default ./data).")
  String token;

  @Option(names = "--sub", paramLabel = "USER", defaultValue = "demo",
      description = "User id of a minted token. Default ${DEFAULT-VALUE}.")
  String subject;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds each step may take. Default ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (timeoutSeconds <= 0) {
      throw new ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    try (DemoTarget target = target(vertx)) {
      boolean passed = new PairingDemo(out, vertx, target.baseUrl(), target.userToken(),
          Duration.ofSeconds(timeoutSeconds)).run();
      return passed ? 0 : 1;
    } catch (RuntimeException e) {
      err.println("demo: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      close(vertx, err);
    }
  }

  private DemoTarget target(Vertx vertx) {
    if (url == null) {
      return DemoTarget.embedded(options.load(), options.dataDir != null, token, subject);
    }
    String user = token != null ? token : DemoTarget.mintUserToken(vertx, options.load(), subject);
    return DemoTarget.remote(url, user);
  }

  private static void close(Vertx vertx, PrintWriter err) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      err.println("demo: client shutdown: " + e);
    }
  }
}
