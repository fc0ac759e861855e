package io.switchboard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code switchboard demo}: plays a desktop and a mobile through the pairing flow. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Play a paired desktop and mobile.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("demo: not available yet");
    return 1;
  }
}
