package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `switchboard agents create|list|set-maturity` against the embedded store. */
class AgentsCommandTest {
  @TempDir
  Path dataDir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void createListAndChangeMaturity() {
    Run created = run("agents", "create", "--name", "Report bot", "--maturity", "intern", "--id", "bot-1");
    assertThat(created.code()).isZero();
    assertThat(created.out()).contains("bot-1").contains("INTERN").contains("Report bot");
    assertThat(run("agents", "set-maturity", "bot-1", "AUTONOMOUS").out()).contains("AUTONOMOUS");
    Run list = run("agents", "list");
    assertThat(list.out()).contains("bot-1").contains("AUTONOMOUS").doesNotContain("INTERN");
  }

  @Test
  void unknownAgentsAndLevelsAreErrors() {
    assertThat(run("agents", "set-maturity", "nobody", "INTERN").code()).isEqualTo(1);
    Run bad = run("agents", "create", "--name", "x", "--maturity", "GURU");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown maturity GURU");
    assertThat(run("agents", "list").out()).contains("(no agents)");
  }
}
