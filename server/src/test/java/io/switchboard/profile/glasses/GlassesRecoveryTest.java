package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app whose server stays down is restarted a bounded number of times, then marked failed; when
 * its server comes back, registers and asks for a restart, its sessions are recovered.
 */
@Timeout(60)
class GlassesRecoveryTest {
  static final String PKG = "com.example.recovering";
  @TempDir
  static Path dataDir;
  static TestServer server;
  static GlassesDriver driver;
  static FakeAppServer appServer;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.GLASSES_RESTART_DELAY, "50",
        Keys.GLASSES_WEBHOOK_RETRY_DELAY, "20"));
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
  void restartsAreBoundedThenRegisterHeartbeatAndRestartRecoverTheSession() {
    try (WsProbe g = driver.glasses(server.userToken("eve-lyn"))) {
      WsProbe first = driver.startAndConnect(g, appServer, PKG, key);
      int before = appServer.calls().size();
      appServer.failNext(1000);
      first.drop();
      JsonNode failed = g.await(m -> "failed".equals(m.path("status").asText()), "app failed");
      assertThat(failed.get("error").asText()).contains("3 restart");
      assertThat(appServer.calls().subList(before, appServer.calls().size()))
          .filteredOn(c -> "session_request".equals(c.path("type").asText())).hasSize(3 * 2);
      appServer.failNext(0);

      Http.Reply registered = Http.post(driver.base() + "/api/tpa-server/register", null, Json.write(Json.object()
          .put("packageName", PKG).put("apiKey", key).put("webhookUrl", appServer.url() + "/webhook")
          .put("serverUrls", appServer.url())));
      assertThat(registered.status()).isEqualTo(201);
      assertThat(registered.body().get("success").asBoolean()).isTrue();
      String id = registered.body().get("registrationId").asText();
      assertThat(post("/api/tpa-server/heartbeat", id).status()).isEqualTo(200);
      Http.Reply restarted = post("/api/tpa-server/restart", id);
      assertThat(restarted.status()).isEqualTo(200);
      assertThat(restarted.body().get("success").asBoolean()).isTrue();
      assertThat(restarted.body().get("recoveredSessions").asInt()).isEqualTo(1);

      JsonNode request = appServer.await("session_request", "eve-lyn-" + PKG);
      try (WsProbe back = driver.app(request, PKG, key)) {
        g.await(m -> "active".equals(m.path("status").asText()), "active again");
      }
    }
  }

  @Test
  void appServerCallsWithBadInputAreRefused() {
    Http.Reply missing = Http.post(driver.base() + "/api/tpa-server/register", null,
        Json.write(Json.object().put("packageName", PKG)));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("success").asBoolean()).isFalse();
    assertThat(missing.body().get("error").asText()).contains("apiKey");
    Http.Reply badKey = Http.post(driver.base() + "/api/tpa-server/register", null, Json.write(Json.object()
        .put("packageName", PKG).put("apiKey", "sbk_nope").put("webhookUrl", appServer.url() + "/webhook")));
    assertThat(badKey.status()).isEqualTo(401);
    assertThat(badKey.body().get("success").asBoolean()).isFalse();
    Http.Reply badUrl = Http.post(driver.base() + "/api/tpa-server/register", null, Json.write(Json.object()
        .put("packageName", PKG).put("apiKey", key).put("webhookUrl", "file:///etc/passwd")));
    assertThat(badUrl.status()).isEqualTo(400);
    assertThat(post("/api/tpa-server/heartbeat", "no-such-registration").status()).isEqualTo(404);
    assertThat(post("/api/tpa-server/restart", "no-such-registration").status()).isEqualTo(404);
    assertThat(Http.post(driver.base() + "/api/tpa-server/restart", null, "{oops").status()).isEqualTo(400);
  }

  private static Http.Reply post(String path, String registrationId) {
    return Http.post(driver.base() + path, null, Json.write(Json.object().put("registrationId", registrationId)));
  }
}
