package io.switchboard.cli;

import io.switchboard.cli.simulate.SimulateDeviceCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard simulate ...}: simulated clients to try the hub without hardware. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Run a simulated client.",
    subcommands = {SimulateDeviceCommand.class})
final class SimulateCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
