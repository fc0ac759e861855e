package io.switchboard.profile.devices;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import io.switchboard.core.error.Failure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The governance table: the minimum agent maturity per command, and the programs
 * {@code execute_command} may run. Configuration, not code.
 */
public final class Governance {
  public static final String DENIED = "GOVERNANCE_DENIED";
  public static final String NOT_ALLOWED = "COMMAND_NOT_ALLOWED";

  private static final java.util.regex.Pattern SHELL_OPERATORS = java.util.regex.Pattern.compile("[;&|`$<>\\n\\r]");

  private final Map<String, Maturity> minimum;
  private final Maturity fallback;
  private final Set<String> programs;

  private Governance(Map<String, Maturity> minimum, Maturity fallback, Set<String> programs) {
    this.minimum = Map.copyOf(minimum);
    this.fallback = fallback;
    this.programs = Set.copyOf(programs);
  }

  /** Parses {@code command=LEVEL,...,*=LEVEL}. */
  public static Governance parse(String table, List<String> allowedPrograms) {
    Map<String, Maturity> min = new HashMap<>();
    Maturity fallback = Maturity.INTERN;
    for (String entry : table.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] kv = entry.split("=", 2);
      Maturity m = kv.length == 2 ? Maturity.parse(kv[1]) : null;
      if (m == null) {
        throw new ConfigException(Keys.DEVICES_GOVERNANCE + ": expected command=LEVEL, got '" + entry.trim() + "'");
      }
      if (kv[0].trim().equals("*")) {
        fallback = m;
      } else {
        min.put(kv[0].trim(), m);
      }
    }
    return new Governance(min, fallback, Set.copyOf(allowedPrograms));
  }

  public Maturity required(String command) {
    return minimum.getOrDefault(command, fallback);
  }

  /** Null when the agent may run the command; else the denial with required and actual levels. */
  public Failure check(String command, Agent agent) {
    Maturity required = required(command);
    if (agent.maturity().atLeast(required)) {
      return null;
    }
    return Failure.of(DENIED, "Agent maturity " + agent.maturity() + " is below the " + required
        + " that " + command + " requires", Map.of("command", command, "agent_id", agent.id(),
            "required", required.name(), "actual", agent.maturity().name()));
  }

  /**
   * Null when the program (first word of the command line) is on the allow-list and the line holds
   * no shell operators that could start another program (; & | ` $ < > newline).
   */
  public Failure checkProgram(String commandLine) {
    if (SHELL_OPERATORS.matcher(commandLine).find()) {
      return Failure.of(NOT_ALLOWED, "Command lines may not contain shell operators",
          Map.of("command", commandLine));
    }
    String program = commandLine.trim().split("\\s+", 2)[0];
    if (programs.contains(program)) {
      return null;
    }
    return Failure.of(NOT_ALLOWED, "Program '" + program + "' is not on the allow-list",
        Map.of("program", program, "allowed", programs.stream().sorted().toList()));
  }
}
