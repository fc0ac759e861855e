package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The user's apps over REST: listed with their status, started and stopped like from the glasses. */
@Timeout(60)
class GlassesAppRoutesTest {
  static final String PKG = "com.example.rest";
  @TempDir
  Path dataDir;

  @Test
  void listStartAndStopAppsOfTheUsersSession() throws Exception {
    try (TestServer server = TestServer.start(dataDir); FakeAppServer appServer = new FakeAppServer()) {
      GlassesDriver driver = new GlassesDriver(server);
      String key = driver.createApp(PKG, appServer.url());
      String jwt = server.userToken("rita");
      assertThat(Http.get(driver.base() + "/api/apps", null).status()).isEqualTo(401);
      JsonNode none = Http.get(driver.base() + "/api/apps", jwt).body();
      assertThat(none.get("sessionId").isNull()).isTrue();
      assertThat(none.get("apps").get(0).get("status").asText()).isEqualTo("stopped");
      Http.Reply noSession = Http.post(driver.base() + "/api/apps/" + PKG + "/start", jwt, "");
      assertThat(noSession.status()).isEqualTo(409);
      assertThat(noSession.body().get("code").asText()).isEqualTo("NO_ACTIVE_SESSION");

      try (WsProbe g = driver.glasses(jwt)) {
        Http.Reply started = Http.post(driver.base() + "/api/apps/" + PKG + "/start", jwt, "");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body().get("status").asText()).isEqualTo("loading");
        JsonNode request = appServer.await("session_request", "rita-" + PKG);
        assertThat(Http.get(driver.base() + "/api/apps", jwt).body().get("apps").get(0).get("status").asText())
            .isEqualTo("loading");
        try (WsProbe app = driver.app(request, PKG, key)) {
          g.await(m -> "active".equals(m.path("status").asText()), "active");
          assertThat(Http.get(driver.base() + "/api/apps", jwt).body().get("apps").get(0).get("status").asText())
              .isEqualTo("active");
          assertThat(Http.post(driver.base() + "/api/apps/com.example.none/start", jwt, "").status()).isEqualTo(404);
          assertThat(Http.post(driver.base() + "/api/apps/" + PKG + "/stop", jwt, "").status()).isEqualTo(200);
          assertThat(app.awaitClose()).isEqualTo(1000);
          appServer.await("stop_request", "rita-" + PKG);
        }
      }
    }
  }
}
