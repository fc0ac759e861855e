package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness, metrics, heartbeats and graceful shutdown. */
class OperationsTest {
  @TempDir
  Path dataDir;

  @Test
  void healthReadyAndMetricsOnBothListeners() {
    try (TestServer s = TestServer.start(dataDir)) {
      for (int port : new int[] {s.httpPort(), s.pairingPort()}) {
        Http.Reply health = Http.get("http://127.0.0.1:" + port + "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(health.body().get("components").get("store").get("status").asText()).isEqualTo("UP");
        assertThat(Http.get("http://127.0.0.1:" + port + "/ready").status()).isEqualTo(200);
      }
      PairingDriver driver = new PairingDriver(s);
      try (WsProbe p = driver.connect(driver.wsToken(s.userToken("ivy"), "desktop"))) {
        p.send("{\"type\":\"nope\"}");
        p.awaitError("UNKNOWN_TYPE");
        String metrics = Http.getText("http://127.0.0.1:" + s.httpPort() + "/metrics");
        assertThat(metrics).contains("switchboard_connections 1.0");
        assertThat(metrics).containsPattern("switchboard_errors_sent_total\\{code=\"UNKNOWN_TYPE\",profile=\"pairing\"\\} 1.0");
        assertThat(metrics).contains("jvm_memory_used_bytes");
      }
    }
  }

  @Test
  void socketsAreSpreadOverEveryEventLoop() {
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.EVENT_LOOPS, "2"))) {
      PairingDriver driver = new PairingDriver(s);
      // Of several users: one user's pairing sockets share a loop (LoopPlacementTest).
      java.util.List<WsProbe> probes = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        probes.add(driver.connect(driver.wsToken(s.userToken("ola-" + i), "desktop")));
      }
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      s.server().hub().connections().all().forEach(c ->
          c.context().runOnContext(v -> threads.add(Thread.currentThread().getName())));
      org.awaitility.Awaitility.await().until(() -> threads.size() >= 2);
      assertThat(threads).as("connections are served by both event loops").hasSize(2);
      probes.forEach(WsProbe::close);
    }
  }

  @Test
  void silentClientIsClosedWithHeartbeatLostWhileAnIdleButAliveOneStays() throws Exception {
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.HEARTBEAT_INTERVAL, "1", Keys.HEARTBEAT_MISSED, "3"))) {
      PairingDriver driver = new PairingDriver(s);
      String token = driver.wsToken(s.userToken("jack"), "desktop");
      try (WsProbe alive = driver.connect(token);
          RawWebSocket frozen = new RawWebSocket(s.pairingPort(), "/ws?token=" + token)) {
        assertThat(frozen.awaitCloseCode()).isEqualTo(4000);
        // The JDK client answered every ping frame on its own: it is still served.
        alive.send("{\"type\":\"ping\",\"sequence\":7}");
        assertThat(alive.await("pong").get("sequence").asInt()).isEqualTo(7);
        assertThat(alive.isClosed()).isFalse();
      }
    }
  }

  @Test
  void browserOriginNotOnTheAllowListIsRefusedAtUpgrade() throws Exception {
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.ALLOWED_ORIGINS, "https://app.example.com"))) {
      PairingDriver driver = new PairingDriver(s);
      String token = driver.wsToken(s.userToken("uma"), "desktop");
      String url = "ws://127.0.0.1:" + s.pairingPort() + "/ws?token=" + token;
      assertThat(upgradeStatus(s.pairingPort(), token, "https://evil.example.com")).isEqualTo(403);
      assertThat(upgradeStatus(s.pairingPort(), token, "https://app.example.com")).isEqualTo(101);
      // Native apps send no Origin at all.
      try (WsProbe p = WsProbe.connect(url)) {
        assertThat(p.next().get("type").asText()).isEqualTo("connected");
      }
    }
  }

  private static int upgradeStatus(int port, String token, String origin) throws Exception {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
      sock.getOutputStream().write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n").getBytes());
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream())).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void gracefulShutdownSendsReconnectHintThenGoingAway() {
    TestServer s = TestServer.start(dataDir);
    PairingDriver driver = new PairingDriver(s);
    WsProbe p = driver.connect(driver.wsToken(s.userToken("kim"), "mobile"));
    s.close();
    JsonNode hint = p.await("reconnect");
    assertThat(hint.get("type").asText()).isEqualTo("reconnect");
    assertThat(p.awaitClose()).isEqualTo(1001);
  }
}
