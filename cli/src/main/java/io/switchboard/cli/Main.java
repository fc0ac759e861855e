package io.switchboard.cli;

import io.switchboard.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
    description = "Self-hosted real-time hub: pairing, assistants, glasses, devices over WebSocket.",
    subcommands = {ServeCommand.class, TokenCommand.class, DemoCommand.class, AgentsCommand.class, AppsCommand.class,
        KeysCommand.class, KbCommand.class, SimulateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs a command writing to {@code out} and {@code err} instead of the process's streams. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  private static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 2;
        });
  }
}
