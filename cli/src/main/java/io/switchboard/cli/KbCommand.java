package io.switchboard.cli;

import io.switchboard.provider.retrieval.KnowledgeIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.lucene.store.LockObtainFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard kb add|list|remove}: the knowledge bases the answering engines draw on, per team. */
@Command(name = "kb", mixinStandardHelpOptions = true,
    description = "Manage knowledge bases (Markdown and text documents, per team).",
    subcommands = {KbCommand.Add.class, KbCommand.ListTeams.class, KbCommand.Remove.class})
final class KbCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Index work that may find the index held by another writer. */
  @FunctionalInterface
  interface IndexWork {
    String run(Path indexDir) throws IOException;
  }

  static int withIndex(ConfigOptions options, PrintWriter out, PrintWriter err, IndexWork work) {
    Path dir = KnowledgeIndex.indexDir(options.load());
    try {
      out.println(work.run(dir));
      out.flush();
      return 0;
    } catch (LockObtainFailedException e) {
      err.println("error: the knowledge index in " + dir + " is being written by another process; try again");
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
    }
    err.flush();
    return 1;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Load every .md, .markdown and .txt file under DIR into a team's knowledge base "
          + "(a document loaded again replaces its earlier version). Running servers see it on their next question.")
  static final class Add implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--team", required = true, description = "The team (nexus team_id; assistant.knowledge-team).")
    String team;
    @Parameters(index = "0", paramLabel = "DIR", description = "The directory of documents.")
    Path docs;

    @Override
    public Integer call() {
      KeysCommand.checkedTeams(java.util.List.of(team));
      return withIndex(options, spec.commandLine().getOut(), spec.commandLine().getErr(), dir -> {
        int n = KnowledgeIndex.addDirectory(dir, team, docs);
        return "loaded " + n + " document(s) into team " + team + " (" + KnowledgeIndex.teams(dir).getOrDefault(team, 0)
            + " passages in the team now)";
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List teams and their passage counts.")
  static final class ListTeams implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return withIndex(options, spec.commandLine().getOut(), spec.commandLine().getErr(), dir -> {
        Map<String, Integer> teams = KnowledgeIndex.teams(dir);
        StringBuilder b = new StringBuilder();
        teams.forEach((t, n) -> b.append(b.length() == 0 ? "" : "\n").append(String.format("%-24s %d passages", t, n)));
        return teams.isEmpty() ? "(no knowledge bases)" : b.toString();
      });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a team's whole knowledge base.")
  static final class Remove implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--team", required = true, description = "The team.")
    String team;

    @Override
    public Integer call() {
      return withIndex(options, spec.commandLine().getOut(), spec.commandLine().getErr(),
          dir -> "removed " + KnowledgeIndex.removeTeam(dir, team) + " passages of team " + team);
    }
  }
}
