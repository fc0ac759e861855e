package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's Python client example, run as written (only its URI points at the test server's port)
 * with the real {@code websockets} package. Skipped, saying so, when no Python 3 with
 * {@code websockets} is installed (Debian: {@code apt-get install -y python3-websockets}).
 */
class AssistantPythonClientTest {
  private static final String SEED_URI = "ws://localhost:8000/ws";
  private static final Path SEED = Path.of("../../shared/seeds/001_7f337d0e47642a39.txt");

  @TempDir
  Path dataDir;

  @Test
  void theSeedsPythonExampleConnectsChatsAndPrintsTheAnswer() throws Exception {
    String python = pythonWithWebsockets();
    if (python == null) {
      System.err.println("SKIPPED: no python3 with the websockets module; install python3-websockets "
          + "to run the seed's Python client example");
    }
    assumeTrue(python != null, "no python3 with the websockets module (apt-get install -y python3-websockets)");
    String script = resource("/seeds/001_python_client.py");
    if (Files.exists(SEED)) {
      assertThat(Files.readString(SEED)).as("the copy is the seed's example, unchanged").contains(script.strip());
    }
    try (TestServer server = TestServer.start(dataDir)) {
      Path file = dataDir.resolve("client.py");
      Files.writeString(file, script.replace(SEED_URI, "ws://127.0.0.1:" + server.httpPort() + "/ws"));
      Run run = run(List.of(python, file.toString()), 60);
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("Connected: {\"type\":\"connection\"");
      assertThat(run.output()).contains("\nCodette: ");
      String answer = run.output().substring(run.output().indexOf("\nCodette: "));
      System.out.println(answer);
      assertThat(answer).containsIgnoringCase("bass").contains("low-end.md");
    }
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out after " + seconds + " s: " + new String(p.getInputStream().readAllBytes()));
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** The first Python 3 that can import websockets: the one on PATH, then the system's. */
  private static String pythonWithWebsockets() throws InterruptedException {
    for (String candidate : Stream.of("python3", "/usr/bin/python3", "/usr/local/bin/python3").distinct().toList()) {
      try {
        if (run(List.of(candidate, "-c", "import websockets"), 30).exit() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      }
    }
    return null;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AssistantPythonClientTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
