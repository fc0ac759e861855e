package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard simulate glasses} against a running server, with an app registered by
 * {@code switchboard apps create} that answers every transcription with a text wall.
 */
@Timeout(120)
class SimulateCommandTest {
  static final String PKG = "com.example.echo";
  @TempDir
  Path dir;

  @Test
  void simulatedGlassesSendEventsAndPrintTheDisplaysTheyGet() throws Exception {
    try (TestServer server = TestServer.start(dir); FakeAppServer appServer = new FakeAppServer()) {
      StringWriter created = new StringWriter();
      assertThat(Main.run(new PrintWriter(created, true), new PrintWriter(new StringWriter(), true), "apps", "create",
          "--data-dir", dir.toString(), "--package", PKG, "--url", appServer.url())).isZero();
      Matcher key = Pattern.compile("api key:\\s+(\\S+)").matcher(created.toString());
      assertThat(key.find()).isTrue();

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
          new PrintWriter(err, true), "simulate", "glasses", "--token", server.userToken("sim"), "--url",
          "http://127.0.0.1:" + server.httpPort(), "--start", PKG, "--rounds", "10", "--interval", "300",
          "--linger", "1000"));

      GlassesDriver driver = new GlassesDriver(server);
      try (WsProbe app = driver.app(appServer.await("session_request"), PKG, key.group(1))) {
        driver.subscribe(app, "sim", PKG, "transcription:en-US", "audio_chunk");
        JsonNode heard = app.await("data_stream");
        app.send(GlassesDriver.textWall(PKG, "Echo: " + heard.get("data").get("text").asText()));
        assertThat(app.awaitBinary().remaining()).isEqualTo(3200);
        assertThat(run.get(60, TimeUnit.SECONDS)).as("exit code; output:%n%s%nerrors:%n%s", out, err).isZero();
      }
      assertThat(out.toString()).contains("< connected: session sim", "> start_app " + PKG,
          "> transcription: ", "> button_press main", "> head_position", "> location_update", "> audio",
          "< app " + PKG + ": active", "< display [main] " + PKG + ": Echo: ");
    }
  }
}
