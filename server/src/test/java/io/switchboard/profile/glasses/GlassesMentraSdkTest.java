package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app written with the public {@code @mentra/sdk} (2.1.x, from the npm registry) runs against
 * Switchboard: the glasses start it, the webhook reaches the SDK's AppServer, the SDK connects and
 * is acknowledged, a transcription from the glasses reaches the app, and the app's text wall
 * reaches the glasses. Needs node and npm; skipped with a message when they are missing.
 */
@Timeout(600)
class GlassesMentraSdkTest {
  static final String PKG = "com.example.sdk-captions";
  static final Path SOURCE = Path.of("src/test/node/mentra-app");
  static final Path WORK = Path.of("target/mentra-app");
  @TempDir
  Path dataDir;

  @Test
  void anAppWrittenWithTheMentraSdkHearsTheGlassesAndShowsText() throws Exception {
    boolean tools = runs("node", "--version") && runs("npm", "--version");
    if (!tools) {
      System.err.println("SKIPPED: node and npm are needed to run the @mentra/sdk app (GlassesMentraSdkTest)");
    }
    assumeTrue(tools, "node and npm are needed to run the @mentra/sdk app");
    installApp();
    try (TestServer server = TestServer.start(dataDir)) {
      GlassesDriver driver = new GlassesDriver(server);
      int port = freePort();
      String key = driver.createApp(PKG, "http://127.0.0.1:" + port);
      ProcessBuilder pb = new ProcessBuilder("node", "app.mjs").directory(WORK.toFile()).redirectErrorStream(true)
          .redirectOutput(WORK.resolve("app.log").toFile());
      pb.environment().put("PORT", Integer.toString(port));
      pb.environment().put("PACKAGE_NAME", PKG);
      pb.environment().put("API_KEY", key);
      Process app = pb.start();
      try {
        runAgainst(server, driver, port, key, app);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n--- app.log ---\n" + tail(WORK.resolve("app.log")), e);
      } finally {
        stop(app);
      }
    }
  }

  private void runAgainst(TestServer server, GlassesDriver driver, int port, String key, Process app) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> listening(port) || !app.isAlive());
    assertThat(app.isAlive()).as("the node app is running").isTrue();
    try (WsProbe glasses = driver.glasses(server.userToken("sdk-user@example.com"))) {
      glasses.send(Json.object().put("type", "start_app").put("packageName", PKG));
      glasses.await(m -> "active".equals(m.path("status").asText()), "the SDK app active");
      JsonNode mic = glasses.await("microphone_state_change");
      assertThat(mic.get("requiredData")).extracting(JsonNode::asText).contains("transcription");
      assertThat(server.server().glasses().subscriptions("sdk-user@example.com", PKG))
          .containsExactly("transcription:en-US");

      glasses.send(Json.object().put("type", "transcription").put("text", "hello from the glasses")
          .put("isFinal", true).put("startTime", 0).put("endTime", 900));
      JsonNode shown = GlassesDriver.awaitText(glasses, "Heard: hello from the glasses");
      assertThat(shown.get("layout").get("layoutType").asText()).isEqualTo("text_wall");
      assertThat(shown.get("packageName").asText()).isEqualTo(PKG);

      glasses.send(Json.object().put("type", "stop_app").put("packageName", PKG));
      glasses.await(m -> "stopped".equals(m.path("status").asText()), "the SDK app stopped");
      Awaitility.await().atMost(WsProbe.WAIT).until(() -> tail(WORK.resolve("app.log")).contains("stop "));
    }
  }

  /** Copies the app to target/ and installs its locked dependencies (once per lock file). */
  private static void installApp() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    boolean fresh = !Files.exists(WORK.resolve("node_modules/@mentra/sdk/package.json"))
        || !Files.exists(WORK.resolve("package-lock.json"))
        || Files.mismatch(SOURCE.resolve("package-lock.json"), WORK.resolve("package-lock.json")) >= 0;
    for (String file : List.of("package.json", "package-lock.json", "app.mjs")) {
      Files.copy(SOURCE.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (!fresh) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
        .redirectErrorStream(true).redirectOutput(WORK.resolve("npm.log").toFile()).start();
    boolean done = npm.waitFor(400, TimeUnit.SECONDS);
    if (!done || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new AssertionError("npm ci failed for the @mentra/sdk app:\n" + tail(WORK.resolve("npm.log")));
    }
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.exists(log) ? Files.readString(log) : "(no log)";
      return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
