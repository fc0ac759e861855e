package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard demo} end to end: in-process, against a running server, and failing. */
class DemoCommandTest {
  @TempDir
  Path tempDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int demo(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
  }

  @Test
  @Timeout(60)
  void playsTheWholeFlowAgainstAnInProcessServer() {
    int code = demo("--data-dir", tempDir.toString());

    assertThat(code).as("exit code; output:%n%s%nerrors:%n%s", out, err).isZero();
    assertKeySteps(out.toString());
    assertThat(tempDir.resolve("jwt-secret")).as("the given data directory is used").exists();
  }

  @Test
  @Timeout(60)
  void playsTheWholeFlowAgainstARunningServer() {
    try (TestServer server = TestServer.start(tempDir)) {
      int code = demo("--url", server.pairingUrl(), "--token", server.userToken("alice"));

      assertThat(code).as("exit code; output:%n%s%nerrors:%n%s", out, err).isZero();
      assertKeySteps(out.toString());
      assertThat(out.toString()).contains("Pairing demo against " + server.pairingUrl());
    }
  }

  @Test
  @Timeout(60)
  void mintsTheTokenWithTheServersDataDirectory() {
    try (TestServer server = TestServer.start(tempDir)) {
      int code = demo("--url", server.pairingUrl() + "/", "--data-dir", tempDir.toString());

      assertThat(code).as("exit code; output:%n%s%nerrors:%n%s", out, err).isZero();
    }
  }

  @Test
  @Timeout(60)
  void aRefusedTokenFailsTheFirstStepAndSaysWhy() {
    try (TestServer server = TestServer.start(tempDir)) {
      int code = demo("--url", server.pairingUrl(), "--token", "not-a-jwt", "--timeout", "5");

      assertThat(code).isEqualTo(1);
      assertThat(out.toString())
          .contains("[ 1] desktop -> POST /api/auth/ws-token FAILED: expected HTTP 200")
          .contains("received HTTP 401")
          .contains("INVALID_TOKEN")
          .contains("Demo failed at step 1.")
          .doesNotContain("[ 2]");
    }
  }

  @Test
  @Timeout(60)
  void noServerAtTheUrlFailsQuickly() {
    int port;
    try (TestServer server = TestServer.start(tempDir)) {
      port = server.pairingPort();
    }
    int code = demo("--url", "http://127.0.0.1:" + port, "--token", "x", "--timeout", "5");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("[ 1] desktop -> POST /api/auth/ws-token FAILED: POST /api/auth/ws-token:")
        .contains("Demo failed at step 1.");
  }

  @Test
  void refusesToMintWithoutTheServersSecret() {
    int code = demo("--url", "http://127.0.0.1:1", "--data-dir", tempDir.resolve("nothing-here").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no server secret in").contains("--token");
    assertThat(tempDir.resolve("nothing-here")).doesNotExist();
  }

  private static void assertKeySteps(String output) {
    assertThat(output)
        .contains("desktop -> POST /api/auth/ws-token 200")
        .contains("mobile  -> POST /api/auth/ws-token-mobile 200")
        .containsPattern("desktop -> POST /api/generate-pair-code 200: code \\d{6}, channel pair-\\d{6}")
        .contains("mobile  -> POST /api/pair-device 200")
        .contains("desktop <- connected")
        .contains("desktop <- identified desktop")
        .containsPattern("desktop <- channel_joined pair-\\d{6} \\(1 member\\)")
        .containsPattern("mobile  <- channel_joined pair-\\d{6} \\(2 members\\)")
        .contains("desktop <- client_joined mobile-")
        .contains("mobile  <- pairing_success")
        .contains("desktop <- pairing_success")
        .contains("desktop <- settings_sync from the mobile, every value intact")
        .contains("mobile  <- settings_sync from the desktop, every value intact")
        .contains("nothing of its settings_sync came back to the mobile")
        .contains("nothing of its settings_sync came back to the desktop")
        .contains("mobile  <- channel_message STATE_UPDATE audioSettings")
        .contains("desktop <- audio_chunk chunk-001").contains("desktop <- audio_chunk chunk-003")
        .contains("desktop <- binary audio frame 640 bytes, identical")
        .contains("mobile  <- pong 3, sequence echoed")
        .contains("desktop <- mobile_disconnected mobile-")
        .contains("[24] desktop <- mobile_disconnected")
        .contains("Demo passed: all 24 steps")
        .doesNotContain("FAILED")
        .doesNotContain("token=ey");
  }
}
