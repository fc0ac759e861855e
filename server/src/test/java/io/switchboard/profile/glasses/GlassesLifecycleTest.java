package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Apps start through webhooks, are loading until their socket is acknowledged, stop on request and come back after a drop. */
@Timeout(60)
class GlassesLifecycleTest {
  static final String PKG = "com.example.lifecycle";
  @TempDir
  static Path dataDir;
  static TestServer server;
  static GlassesDriver driver;
  static FakeAppServer appServer;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dataDir);
    driver = new GlassesDriver(server);
    appServer = new FakeAppServer();
    key = driver.createApp(PKG, appServer.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    appServer.close();
  }

  @Test
  void startSendsSessionRequestAndTheSocketIsServedWhileTheWebhookIsOpen() {
    CompletableFuture<Void> held = appServer.holdAnswers();
    try (WsProbe g = driver.glasses(server.userToken("al-ice@example.com"))) {
      JsonNode request = driver.start(g, appServer, PKG);
      assertThat(request.get("type").asText()).isEqualTo("session_request");
      assertThat(request.get("sessionId").asText()).isEqualTo("al-ice@example.com-" + PKG);
      assertThat(request.get("userId").asText()).isEqualTo("al-ice@example.com");
      assertThat(request.get("timestamp").asText()).endsWith("Z");
      String url = request.get("mentraOSWebsocketUrl").asText();
      assertThat(url).isEqualTo("ws://127.0.0.1:" + server.httpPort() + "/app-ws");
      assertThat(request.get("augmentOSWebsocketUrl").asText()).isEqualTo(url);
      JsonNode loading = g.await("app_state_change");
      assertThat(loading.get("status").asText()).isEqualTo("loading");
      assertThat(loading.get("userSession").get("loadingApps")).extracting(JsonNode::asText).containsExactly(PKG);

      try (WsProbe app = driver.app(request, PKG, key)) {
        JsonNode active = g.await("app_state_change");
        assertThat(active.get("status").asText()).isEqualTo("active");
        assertThat(active.get("userSession").get("activeAppSessions")).extracting(JsonNode::asText).containsExactly(PKG);
        held.complete(null);
        stopAndExpectStopRequest(g, app, request.get("sessionId").asText());
      }
    } finally {
      held.complete(null);
    }
  }

  @Test
  void aDroppedAppGetsANewSessionRequestAndResumesWithItsSubscriptions() {
    try (WsProbe g = driver.glasses(server.userToken("bo"))) {
      WsProbe first = driver.startAndConnect(g, appServer, PKG, key);
      driver.subscribe(first, "bo", PKG, "button_press");
      first.drop();
      JsonNode again = appServer.await("session_request", "bo-" + PKG);
      g.await(m -> "loading".equals(m.path("status").asText()), "loading again");
      try (WsProbe second = driver.app(again, PKG, key)) {
        g.await(m -> "active".equals(m.path("status").asText()), "active again");
        g.send(Json.object().put("type", "button_press").put("buttonId", "main").put("pressType", "short"));
        assertThat(second.await("data_stream").get("streamType").asText()).isEqualTo("button_press");
        stopAndExpectStopRequest(g, second, "bo-" + PKG);
      }
    }
  }

  @Test
  void aFailedWebhookIsTriedOnceMoreASecondLater() {
    appServer.failNext(1);
    try (WsProbe g = driver.glasses(server.userToken("cato"))) {
      g.send(Json.object().put("type", "start_app").put("packageName", PKG));
      JsonNode first = appServer.await("session_request", "cato-" + PKG);
      long at = System.nanoTime();
      JsonNode second = appServer.await("session_request", "cato-" + PKG);
      assertThat(Duration.ofNanos(System.nanoTime() - at)).isGreaterThan(Duration.ofMillis(800));
      assertThat(second.get("sessionId")).isEqualTo(first.get("sessionId"));
      try (WsProbe app = driver.app(second, PKG, key)) {
        g.await(m -> "active".equals(m.path("status").asText()), "active");
      }
    }
  }

  @Test
  void anAppThatReleasedItsSessionIsNotRestartedAfterItsSocketCloses() {
    try (WsProbe g = driver.glasses(server.userToken("eli"))) {
      WsProbe app = driver.startAndConnect(g, appServer, PKG, key);
      int before = appServer.calls().size();
      releaseAndClose(g, app);
      awaitNoWebhookCalls("eli-" + PKG, before, Duration.ofMillis(900), g, g.mark());
    }
  }

  @Test
  void anAppThatReleasesBeforeItsWebhookIsAnsweredIsNotRestarted() {
    CompletableFuture<Void> held = appServer.holdAnswers();
    try (WsProbe g = driver.glasses(server.userToken("fay"))) {
      WsProbe app = driver.startAndConnect(g, appServer, PKG, key);
      int before = appServer.calls().size();
      releaseAndClose(g, app);
      int mark = g.mark();
      held.complete(null);
      awaitNoWebhookCalls("fay-" + PKG, before, Duration.ofMillis(1500), g, mark);
    } finally {
      held.complete(null);
    }
  }

  /** The app releases its session and closes its socket: the glasses see it failed, as released. */
  private static void releaseAndClose(WsProbe g, WsProbe app) {
    app.send(Json.object().put("type", "ownership_release").put("packageName", PKG).put("reason", "switching_clouds"));
    app.close();
    JsonNode failed = g.await(m -> "failed".equals(m.path("status").asText()), "failed");
    assertThat(failed.get("error").asText()).contains("released");
  }

  /** For {@code during}, no webhook call names the session and the glasses see no app state change. */
  private static void awaitNoWebhookCalls(String sessionId, int callsBefore, Duration during, WsProbe g, int mark) {
    Awaitility.await().during(during).atMost(during.plusSeconds(3)).until(() ->
        appServer.calls().subList(callsBefore, appServer.calls().size()).stream()
            .noneMatch(call -> sessionId.equals(call.path("sessionId").asText()))
            && g.seenSince(mark).stream().noneMatch(m -> m.has("status")));
  }

  @Test
  void unknownPackagesCannotBeStarted() {
    try (WsProbe g = driver.glasses(server.userToken("dex"))) {
      g.send(Json.object().put("type", "start_app").put("packageName", "com.example.missing"));
      g.awaitError("UNKNOWN_PACKAGE");
    }
  }

  private static void stopAndExpectStopRequest(WsProbe g, WsProbe app, String sessionId) {
    int before = appServer.calls().size();
    g.send(Json.object().put("type", "stop_app").put("packageName", PKG));
    JsonNode stop = appServer.await("stop_request", sessionId);
    assertThat(stop.get("userId").asText()).isEqualTo(sessionId.substring(0, sessionId.length() - PKG.length() - 1));
    assertThat(stop.get("reason").asText()).isEqualTo("user_disabled");
    assertThat(stop.get("timestamp").asText()).endsWith("Z");
    assertThat(app.awaitClose()).isEqualTo(1000);
    assertThat(app.closeReason()).isEqualTo("App stopped by user");
    assertThat(g.await(m -> "stopped".equals(m.path("status").asText()), "stopped").get("packageName").asText())
        .isEqualTo(PKG);
    Awaitility.await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() ->
        appServer.calls().subList(before, appServer.calls().size()).stream()
            .noneMatch(c -> "session_request".equals(c.path("type").asText())
                && sessionId.equals(c.path("sessionId").asText())));
  }
}
