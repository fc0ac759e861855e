package io.switchboard.bench;

import java.util.List;

/** One benchmark scenario, run against one target at a time. */
interface Scenario {
  String name();

  /** Metrics of the summary rows that the report compares across targets. */
  List<String> compared();

  /** Sets up, measures, adds rows to the report and closes its connections. */
  void run(Target target, Gen gen, Settings settings, Report report);

  static Scenario named(String name) {
    return switch (name) {
      case "relay" -> new RelayScenario();
      case "echo" -> new EchoScenario();
      case "fan-out", "fanout" -> new FanoutScenario();
      case "idle" -> new IdleScenario();
      case "commands" -> new CommandsScenario();
      default -> throw new IllegalArgumentException("unknown scenario '" + name
          + "': use relay, echo, fan-out, idle or commands");
    };
  }
}
