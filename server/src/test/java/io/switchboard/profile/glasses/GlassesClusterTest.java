package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.presence.Directory;
import io.switchboard.core.presence.redis.NodeLiveness;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sharing Redis, PostgreSQL and the JWT secret: glasses on node A, their app's socket on
 * node B (where a load balancer would send it). B relays the socket to A, and the app sees what a
 * direct connection sees.
 */
@Timeout(120)
class GlassesClusterTest {
  private static final String PKG = "com.example.relayed";
  private static final String JWT_SECRET = "glasses-cluster-test-hs256-secret-0123456789";
  private static final String CLUSTER_SECRET = "glasses-cluster-test-relay-secret-0123456789";

  @TempDir
  static Path dataDir;
  static String prefix;
  static TestServer nodeA;
  static TestServer nodeB;
  static GlassesDriver driver;
  static FakeAppServer appServer;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    Services.requireRedis();
    Services.requirePostgres();
    prefix = Services.uniqueRedisPrefix();
    String store = Services.freshPostgresSchema();
    nodeB = TestServer.start(dataDir.resolve("b"), Clock.systemUTC(), node("node-b", store, Map.of()));
    nodeA = TestServer.start(dataDir.resolve("a"), Clock.systemUTC(), node("node-a", store,
        Map.of(Keys.GLASSES_APP_WS_URL, appUrlOfB())));
    driver = new GlassesDriver(nodeA);
    appServer = new FakeAppServer();
    key = driver.createApp(PKG, appServer.url());
  }

  private static Map<String, String> node(String id, String store, Map<String, String> more) {
    Map<String, String> config = new HashMap<>(Map.of(Keys.NODE_ID, id, Keys.CLUSTER_REDIS_URL, Services.REDIS_URL,
        Keys.CLUSTER_REDIS_PREFIX, prefix, Keys.STORE_URL, store, Keys.STORE_USER, Services.PG_USER,
        Keys.JWT_SECRET, JWT_SECRET, Keys.CLUSTER_SECRET, CLUSTER_SECRET));
    config.putAll(more);
    return config;
  }

  private static String appUrlOfB() {
    return "ws://127.0.0.1:" + nodeB.httpPort() + "/app-ws";
  }

  @AfterAll
  static void stop() {
    if (appServer != null) {
      appServer.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
    if (prefix != null) {
      RedisClient client = RedisClient.create();
      Services.deleteRedisKeys(client, prefix);
      client.shutdown();
    }
  }

  @Test
  void anAppConnectedToNodeBServesGlassesOnNodeA() {
    String user = "ann-lee@example.com";
    try (WsProbe g = driver.glasses(nodeA.userToken(user))) {
      JsonNode request = driver.start(g, appServer, PKG);
      assertThat(request.get("mentraOSWebsocketUrl").asText()).isEqualTo(appUrlOfB());
      assertThat(nodeB.server().glasses().sessionCount()).as("node B holds no session").isZero();
      double relayedBefore = relays(nodeB, "relayed");
      try (WsProbe app = driver.app(request, PKG, key)) {
        awaitStatus(g, "active");
        assertThat(relays(nodeB, "relayed")).isEqualTo(relayedBefore + 1);

        driver.subscribe(app, user, PKG, "transcription:en-US", "audio_chunk");
        g.send(Json.object().put("type", "transcription").put("text", "hello from A").put("isFinal", true));
        JsonNode data = app.await("data_stream");
        assertThat(data.get("sessionId").asText()).isEqualTo(request.get("sessionId").asText());
        assertThat(data.get("streamType").asText()).isEqualTo("transcription:en-US");
        assertThat(data.get("data").get("text").asText()).isEqualTo("hello from A");
        byte[] pcm = {7, 0, -1, 42};
        g.sendBinary(pcm);
        assertThat(bytes(app.awaitBinary())).containsExactly(pcm);

        app.send(GlassesDriver.textWall(PKG, "shown through B"));
        GlassesDriver.awaitText(g, "shown through B");
        app.sendBinary(new byte[] {1});
        app.nextError("INVALID_MESSAGE");

        g.send(Json.object().put("type", "stop_app").put("packageName", PKG));
        assertThat(app.awaitClose()).isEqualTo(1000);
        assertThat(app.closeReason()).isEqualTo("App stopped by user");
      }
    }
  }

  @Test
  void anAppThatDropsBehindTheRelayIsRestartedByTheOwner() {
    String user = "bo";
    try (WsProbe g = driver.glasses(nodeA.userToken(user))) {
      JsonNode request = driver.start(g, appServer, PKG);
      String sessionId = request.get("sessionId").asText();
      WsProbe first = driver.app(request, PKG, key);
      awaitStatus(g, "active");
      first.drop();
      // Node A sees the relayed socket close, so it asks the app server again, like after a direct drop.
      JsonNode again = appServer.await("session_request", sessionId);
      try (WsProbe second = driver.app(again, PKG, key)) {
        awaitStatus(g, "active");
        driver.subscribe(second, user, PKG, "button_press");
        g.send(Json.object().put("type", "button_press").put("buttonId", "main").put("pressType", "short"));
        assertThat(second.await("data_stream").get("streamType").asText()).isEqualTo("button_press");
      }
    }
  }

  @Test
  void anAppNamingASessionNobodyHoldsGetsNoActiveSession() {
    double before = relays(nodeB, "no_owner");
    assertRefused(WsProbe.connect(appUrlOfB()), "nobody-" + PKG, "NO_ACTIVE_SESSION");
    assertThat(relays(nodeB, "no_owner")).isEqualTo(before + 1);
  }

  @Test
  void anOwnerThatDoesNotAnswerMeansNoActiveSession() {
    RedisClient client = RedisClient.create();
    RedisURI uri = RedisURI.create(Services.REDIS_URL);
    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
      RedisDirectory directory = join(RedisDirectory.connect(client, uri, prefix));
      // A live node that holds a session but listens nowhere: its heartbeat names a closed port.
      join(new NodeLiveness(prefix, connection, directory)
          .beat("node-gone", "ws://127.0.0.1:1", Duration.ofMinutes(1)));
      join(directory.bind(SessionOwners.name("eve"), new Directory.Entry("c-1", "eve", "glasses", "node-gone")));
      double before = relays(nodeB, "unreachable");
      assertRefused(WsProbe.connect(appUrlOfB()), "eve-" + PKG, "NO_ACTIVE_SESSION");
      assertThat(relays(nodeB, "unreachable")).isEqualTo(before + 1);
      join(directory.close());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aRelayedSocketIsNeverRelayedAgain() {
    try (WsProbe g = driver.glasses(nodeA.userToken("cy"))) {
      JsonNode request = driver.start(g, appServer, PKG);
      WsProbe marked = WsProbe.connectWithHeaders(appUrlOfB(), Map.of(ForwardedFor.BY, "node-c"));
      assertRefused(marked, request.get("sessionId").asText(), "NO_ACTIVE_SESSION");
    }
  }

  @Test
  void theOwnerTakesARelayedAddressOnlyWithAValidProof() {
    try (WsProbe g = driver.glasses(nodeA.userToken("di"))) {
      JsonNode request = driver.start(g, appServer, PKG);
      String sessionId = request.get("sessionId").asText();
      String urlOfA = "ws://127.0.0.1:" + nodeA.httpPort() + "/app-ws";
      Map<String, String> valid = new ForwardedFor(CLUSTER_SECRET, Clock.systemUTC()).headers("node-b", "10.1.2.3");
      Map<String, String> forged = new ForwardedFor("not-the-cluster-secret-0123456789abcdef", Clock.systemUTC())
          .headers("node-b", "10.9.9.9");
      for (Map<String, String> headers : List.of(valid, forged)) {
        try (WsProbe app = WsProbe.connectWithHeaders(urlOfA, headers)) {
          app.send(GlassesDriver.init(sessionId, PKG, key));
          app.await("tpa_connection_ack");
        }
      }
      // The connect is audited around the ack, not before it: wait until both rows are written.
      org.awaitility.Awaitility.await().atMost(WsProbe.WAIT).untilAsserted(() -> {
        List<AuditEvent> connects = nodeA.auditEvents("glasses.app.connect").stream()
            .filter(e -> "success".equals(e.outcome()) && "di".equals(e.actor())).toList();
        assertThat(connects).extracting(AuditEvent::ip).contains("10.1.2.3", "127.0.0.1").doesNotContain("10.9.9.9");
      });
    }
  }

  private static void assertRefused(WsProbe app, String sessionId, String code) {
    try (app) {
      app.send(GlassesDriver.init(sessionId, PKG, key));
      JsonNode error = app.next();
      assertThat(error.get("type").asText()).isEqualTo("tpa_connection_error");
      assertThat(error.get("code").asText()).isEqualTo(code);
      assertThat(app.awaitClose()).isEqualTo(1008);
    }
  }

  private static void awaitStatus(WsProbe glasses, String status) {
    glasses.await(m -> "app_state_change".equals(m.path("type").asText())
        && PKG.equals(m.path("packageName").asText()) && status.equals(m.path("status").asText()), PKG + " " + status);
  }

  private static double relays(TestServer node, String outcome) {
    Counter c = node.server().hub().metrics().registry().find("switchboard_glasses_app_relays")
        .tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  private static <T> T join(io.vertx.core.Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
