package io.switchboard.cli;

import io.switchboard.profile.devices.Agent;
import io.switchboard.profile.devices.Maturity;
import io.switchboard.store.JdbcAgentRepository;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard agents create|list|set-maturity}: the agents that may call device commands. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Manage agents and their maturity levels.",
    subcommands = {AgentsCommand.Create.class, AgentsCommand.ListAgents.class, AgentsCommand.SetMaturity.class})
final class AgentsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs work against the agent registry and prints its result. */
  static <T> int withAgents(ConfigOptions options, PrintWriter out, Function<JdbcAgentRepository, Future<T>> work,
      Function<T, String> render) {
    return StoreCommands.run(options, out, JdbcAgentRepository::new, work, render);
  }

  static String line(Agent a) {
    return String.format("%-36s  %-10s  %s", a.id(), a.maturity(), a.name());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Register an agent; prints its id.")
  static final class Create implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--name", required = true, description = "A name people recognise.")
    String name;
    @Option(names = "--maturity", defaultValue = "STUDENT",
        description = "STUDENT, INTERN, SUPERVISED or AUTONOMOUS. Default ${DEFAULT-VALUE}.")
    String maturity;
    @Option(names = "--id", description = "The agent id (default: a new UUID).")
    String id;

    @Override
    public Integer call() {
      Maturity m = Maturity.parse(maturity);
      if (m == null) {
        spec.commandLine().getErr().println("error: unknown maturity " + maturity);
        return 2;
      }
      Instant now = Instant.now();
      Agent agent = new Agent(id == null ? UUID.randomUUID().toString() : id, name, m, now, now);
      return withAgents(options, spec.commandLine().getOut(), repo -> repo.create(agent), AgentsCommand::line);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List agents.")
  static final class ListAgents implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return withAgents(options, spec.commandLine().getOut(), JdbcAgentRepository::list,
          list -> list.isEmpty() ? "(no agents)" : String.join("\n", list.stream().map(AgentsCommand::line).toList()));
    }
  }

  @Command(name = "set-maturity", mixinStandardHelpOptions = true, description = "Change an agent's maturity level.")
  static final class SetMaturity implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "Agent id.")
    String id;
    @Parameters(index = "1", description = "STUDENT, INTERN, SUPERVISED or AUTONOMOUS.")
    String maturity;

    @Override
    public Integer call() {
      Maturity m = Maturity.parse(maturity);
      if (m == null) {
        spec.commandLine().getErr().println("error: unknown maturity " + maturity);
        return 2;
      }
      return withAgents(options, spec.commandLine().getOut(), repo -> repo.setMaturity(id, m, Instant.now()),
          a -> a == null ? "error: no agent " + id : line(a));
    }
  }
}
