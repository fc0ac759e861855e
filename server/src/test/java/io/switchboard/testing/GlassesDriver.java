package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.auth.ApiKeys;
import io.switchboard.profile.glasses.App;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/** Plays glasses and apps of the glasses profile over real sockets, and registers apps in the store. */
public final class GlassesDriver {
  private final TestServer server;

  public GlassesDriver(TestServer server) {
    this.server = server;
  }

  public String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  public String ws(String path) {
    return "ws://127.0.0.1:" + server.httpPort() + path;
  }

  /** Registers an app whose server listens at {@code publicUrl}; returns its API key. */
  public String createApp(String packageName, String publicUrl) {
    return createApp(packageName, publicUrl, false, List.of());
  }

  public String createApp(String packageName, String publicUrl, boolean system, List<String> allowed) {
    String key = ApiKeys.generate("sbk_");
    Instant now = Instant.now();
    App app = server.server().apps().create(new App(packageName, publicUrl, ApiKeys.hash(key), system, allowed, now,
        now)).toCompletionStage().toCompletableFuture().join();
    assertThat(app).as("app %s created", packageName).isNotNull();
    return key;
  }

  /** Glasses connected with the JWT as a bearer header, initialised, acknowledged. */
  public WsProbe glasses(String jwt) {
    WsProbe p = WsProbe.connectWithHeader(ws("/glasses-ws"), "Authorization", "Bearer " + jwt);
    p.send(Json.object().put("type", "connection_init"));
    p.await("connection_ack");
    return p;
  }

  /** Sends start_app and returns the session_request the app server then receives. */
  public JsonNode start(WsProbe glasses, FakeAppServer appServer, String packageName) {
    glasses.send(Json.object().put("type", "start_app").put("packageName", packageName));
    return appServer.await("session_request", appSessionId(glasses, packageName));
  }

  /** The app session id of a package in the session of these (acknowledged) glasses. */
  public static String appSessionId(WsProbe glasses, String packageName) {
    String user = glasses.seen().stream().filter(m -> "connection_ack".equals(m.path("type").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("glasses not acknowledged")).get("sessionId").asText();
    return user + "-" + packageName;
  }

  /** An app socket opened where the session_request says, initialised and acknowledged. */
  public WsProbe app(JsonNode sessionRequest, String packageName, String key) {
    WsProbe p = WsProbe.connect(sessionRequest.get("mentraOSWebsocketUrl").asText());
    p.send(init(sessionRequest.get("sessionId").asText(), packageName, key));
    JsonNode ack = p.await("tpa_connection_ack");
    assertThat(ack.get("sessionId").asText()).isEqualTo(sessionRequest.get("sessionId").asText());
    return p;
  }

  /** Starts an app through its fake server and connects it; returns the app socket. */
  public WsProbe startAndConnect(WsProbe glasses, FakeAppServer appServer, String packageName, String key) {
    WsProbe app = app(start(glasses, appServer, packageName), packageName, key);
    glasses.await(m -> "app_state_change".equals(m.path("type").asText())
        && packageName.equals(m.path("packageName").asText()) && "active".equals(m.path("status").asText()),
        packageName + " active");
    return app;
  }

  public static ObjectNode init(String sessionId, String packageName, String key) {
    ObjectNode m = Json.object().put("type", "tpa_connection_init").put("sessionId", sessionId);
    if (packageName != null) {
      m.put("packageName", packageName);
    }
    if (key != null) {
      m.put("apiKey", key);
    }
    return m;
  }

  /** Sends subscription_update and waits until the server routes by it. */
  public void subscribe(WsProbe app, String userId, String packageName, Object... entries) {
    ObjectNode m = Json.object().put("type", "subscription_update").put("packageName", packageName);
    m.set("subscriptions", Json.MAPPER.valueToTree(Arrays.asList(entries)));
    app.send(m);
    List<String> expected = Arrays.stream(entries).map(e -> e instanceof java.util.Map<?, ?> map
        ? String.valueOf(map.get("stream")) : String.valueOf(e)).distinct().toList();
    Awaitility.await().atMost(WsProbe.WAIT).until(() ->
        server.server().glasses().subscriptions(userId, packageName).equals(expected));
  }

  public static ObjectNode textWall(String packageName, String text) {
    return display(packageName, Json.object().put("layoutType", "text_wall").put("text", text));
  }

  public static ObjectNode display(String packageName, ObjectNode layout) {
    ObjectNode m = Json.object().put("type", "display_event").put("packageName", packageName).put("view", "main");
    m.set("layout", layout);
    return m;
  }

  /** The next display_event on the glasses whose layout text is {@code text}. */
  public static JsonNode awaitText(WsProbe glasses, String text) {
    return glasses.await(m -> "display_event".equals(m.path("type").asText())
        && text.equals(m.path("layout").path("text").asText()), "display of '" + text + "'");
  }
}
