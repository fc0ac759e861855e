package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An app socket is acknowledged only for a started app with its own key; every refusal is explained first. */
@Timeout(60)
class GlassesAppConnectTest {
  @TempDir
  static Path dataDir;
  static TestServer server;
  static GlassesDriver driver;
  static FakeAppServer appServer;
  static String key;
  static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.GLASSES_APP_INIT_TIMEOUT, "400"));
    driver = new GlassesDriver(server);
    appServer = new FakeAppServer();
    key = driver.createApp("com.example.captions", appServer.url());
    otherKey = driver.createApp("com.example.other", appServer.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    appServer.close();
  }

  @Test
  void startedAppWithItsKeyIsAckedEvenWhenTheUserIdHasDashes() {
    try (WsProbe g = driver.glasses(server.userToken("mary-jane-watson@example-mail.com"))) {
      JsonNode request = driver.start(g, appServer, "com.example.captions");
      assertThat(request.get("sessionId").asText()).isEqualTo("mary-jane-watson@example-mail.com-com.example.captions");
      assertThat(request.get("userId").asText()).isEqualTo("mary-jane-watson@example-mail.com");
      try (WsProbe app = driver.app(request, "com.example.captions", key)) {
        assertThat(app.seen().get(0).get("settings").isArray()).isTrue();
        app.send(Json.object().put("type", "photo_request_unknown"));
        app.nextError("UNKNOWN_TYPE");
        assertThat(app.isClosed()).isFalse();
      }
    }
  }

  @Test
  void badApiKeyIsExplainedThenClosed() {
    try (WsProbe g = driver.glasses(server.userToken("kim"))) {
      JsonNode request = driver.start(g, appServer, "com.example.captions");
      assertRefused(request.get("sessionId").asText(), "com.example.captions", "sbk_wrong", "INVALID_API_KEY");
      assertRefused(request.get("sessionId").asText(), "com.example.captions", otherKey, "INVALID_API_KEY");
    }
  }

  @Test
  void unknownPackageNoSessionAndAppNotStartedEachGetTheirCode() {
    assertRefused("lee-com.example.nope", "com.example.nope", key, "UNKNOWN_PACKAGE");
    assertRefused("nobody-home-com.example.captions", "com.example.captions", key, "NO_ACTIVE_SESSION");
    assertRefused("com.example.captions", "com.example.captions", key, "NO_ACTIVE_SESSION");
    try (WsProbe g = driver.glasses(server.userToken("lou"))) {
      assertRefused("lou-com.example.other", "com.example.other", otherKey, "APP_NOT_STARTED");
    }
  }

  @Test
  void initTooLateIsExplainedThenClosed() {
    try (WsProbe app = WsProbe.connect(driver.ws("/tpa-ws"))) {
      JsonNode error = app.next();
      assertThat(error.get("type").asText()).isEqualTo("tpa_connection_error");
      assertThat(error.get("code").asText()).isEqualTo("INIT_TIMEOUT");
      assertThat(app.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void keyAtUpgradeNamesThePackage() {
    try (WsProbe g = driver.glasses(server.userToken("max"))) {
      JsonNode request = driver.start(g, appServer, "com.example.captions");
      String sessionId = request.get("sessionId").asText();
      try (WsProbe app = WsProbe.connectWithHeader(driver.ws("/app-ws"), "x-api-key", key)) {
        app.send(GlassesDriver.init(sessionId, null, null));
        assertThat(app.await("tpa_connection_ack").get("sessionId").asText()).isEqualTo(sessionId);
      }
      try (WsProbe app = WsProbe.connectWithHeader(driver.ws("/tpa-ws"), "Authorization", "Bearer " + key)) {
        app.send(GlassesDriver.init(sessionId, "com.example.captions", null));
        app.await("tpa_connection_ack");
      }
      try (WsProbe app = WsProbe.connectWithHeader(driver.ws("/tpa-ws"), "x-api-key", "sbk_forged")) {
        JsonNode error = app.next();
        assertThat(error.get("code").asText()).isEqualTo("INVALID_API_KEY");
        assertThat(app.awaitClose()).isEqualTo(1008);
      }
    }
  }

  @Test
  void systemAppKeyCountsOnlyFromItsAllowedAddresses() {
    String far = driver.createApp("com.example.system-far", appServer.url(), true, List.of("10.0.0.0/8"));
    String near = driver.createApp("com.example.system-near", appServer.url(), true, List.of("127.0.0.0/8"));
    try (WsProbe g = driver.glasses(server.userToken("sys"))) {
      JsonNode request = driver.start(g, appServer, "com.example.system-far");
      assertRefused(request.get("sessionId").asText(), "com.example.system-far", far, "INVALID_API_KEY");
      driver.app(driver.start(g, appServer, "com.example.system-near"), "com.example.system-near", near).close();
    }
  }

  @Test
  void appMessagesBeforeInitAreRefusedWithoutClosing() {
    try (WsProbe app = WsProbe.connect(driver.ws("/tpa-ws"))) {
      app.send(GlassesDriver.textWall("com.example.captions", "too early"));
      app.nextError("NOT_INITIALIZED");
    }
  }

  private static void assertRefused(String sessionId, String packageName, String apiKey, String code) {
    try (WsProbe app = WsProbe.connect(driver.ws("/tpa-ws"))) {
      app.send(GlassesDriver.init(sessionId, packageName, apiKey));
      JsonNode error = app.next();
      assertThat(error.get("type").asText()).isEqualTo("tpa_connection_error");
      assertThat(error.get("code").asText()).isEqualTo(code);
      assertThat(error.get("message").asText()).isNotBlank();
      assertThat(app.awaitClose()).isEqualTo(1008);
      assertThat(app.closeReason()).isNotBlank();
    }
  }
}
