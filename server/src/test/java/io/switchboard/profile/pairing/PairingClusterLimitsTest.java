package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertRestFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.switchboard.config.Keys;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one Redis share the pairing limits: a guesser that spreads its attempts over both
 * gets no more than on one node, whichever node answers. Both nodes accept the same user JWTs (one
 * HS256 secret) and run on one clock; each keeps its own H2 store.
 */
class PairingClusterLimitsTest {
  private static final int ALLOWED_FAILURES = 5;
  private static final String SECRET = "cluster-test-secret-of-at-least-32-bytes";

  @TempDir
  Path dataDir;
  MutableClock clock;
  String prefix;
  TestServer nodeA;
  TestServer nodeB;

  @BeforeEach
  void redis() {
    Services.requireRedis();
    clock = MutableClock.startingNow();
    prefix = Services.uniqueRedisPrefix();
  }

  @AfterEach
  void stop() {
    for (TestServer node : new TestServer[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
    RedisClient client = RedisClient.create();
    try {
      Services.deleteRedisKeys(client, prefix);
    } finally {
      client.shutdown();
    }
  }

  private void startNodes(Map<String, String> extra) throws IOException {
    nodeA = node("node-a", extra);
    nodeB = node("node-b", extra);
  }

  private TestServer node(String name, Map<String, String> extra) throws IOException {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.put(Keys.CLUSTER_REDIS_URL, Services.REDIS_URL);
    overrides.put(Keys.CLUSTER_REDIS_PREFIX, prefix);
    overrides.put(Keys.NODE_ID, name);
    overrides.put(Keys.JWT_SECRET, SECRET);
    return TestServer.start(Files.createDirectories(dataDir.resolve(name)), clock, overrides);
  }

  private static String another(String code, int offset) {
    return String.format("%06d", (Integer.parseInt(code) + offset) % 1_000_000);
  }

  @Test
  void aUsersFailuresOnBothNodesAddUpToTheSameLimitAsOnOne() throws IOException {
    startNodes(Map.of());
    String alice = nodeA.userToken("alice");
    Http.Reply generated = new PairingDriver(nodeA).generate(alice, "desk");
    assertThat(generated.status()).isEqualTo(200);
    String code = generated.body().get("code").asText();
    List<TestServer> nodes = List.of(nodeA, nodeB);

    // Each guess from an address of its own, so only the per-user count can run out.
    for (int i = 1; i <= ALLOWED_FAILURES; i++) {
      assertRestFailure(pairFrom("127.0.0." + (i + 1), nodes.get(i % 2), alice, another(code, i)),
          404, ErrorCode.CODE_NOT_FOUND);
    }
    assertRestFailure(pairFrom("127.0.0.10", nodeB, alice, another(code, 6)), 429, ErrorCode.RATE_LIMITED);
    Http.Reply right = pairFrom("127.0.0.11", nodeA, alice, code);
    assertRestFailure(right, 429, ErrorCode.RATE_LIMITED);
    long retry = right.body().path("details").path("retry_after_ms").asLong();
    assertThat(retry).isBetween(1L, 60_000L);

    clock.advance(Duration.ofMillis(retry));
    Http.Reply paired = pairFrom("127.0.0.11", nodeA, alice, code);
    assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
  }

  @Test
  void anAddressesFailuresOnBothNodesAddUpAcrossUsers() throws IOException {
    startNodes(Map.of());
    List<TestServer> nodes = List.of(nodeA, nodeB);
    for (int i = 1; i <= ALLOWED_FAILURES; i++) {
      TestServer node = nodes.get(i % 2);
      assertRestFailure(pairFrom("127.0.0.20", node, node.userToken("guesser-" + i), "000000"),
          404, ErrorCode.CODE_NOT_FOUND);
    }
    assertRestFailure(pairFrom("127.0.0.20", nodeA, nodeA.userToken("newcomer"), "000000"),
        429, ErrorCode.RATE_LIMITED);
    assertRestFailure(pairFrom("127.0.0.20", nodeB, nodeB.userToken("another"), "000000"),
        429, ErrorCode.RATE_LIMITED);
    // Another address is not affected.
    assertRestFailure(pairFrom("127.0.0.21", nodeB, nodeB.userToken("another"), "000000"),
        404, ErrorCode.CODE_NOT_FOUND);
  }

  @Test
  void theCodeAllowanceIsSharedByBothNodes() throws IOException {
    startNodes(Map.of(Keys.PAIRING_CODES_PER_MINUTE, "3"));
    String alice = nodeA.userToken("alice");
    assertThat(new PairingDriver(nodeA).generate(alice, "d1").status()).isEqualTo(200);
    assertThat(new PairingDriver(nodeB).generate(alice, "d2").status()).isEqualTo(200);
    assertThat(new PairingDriver(nodeA).generate(alice, "d3").status()).isEqualTo(200);
    assertRestFailure(new PairingDriver(nodeB).generate(alice, "d4"), 429, ErrorCode.RATE_LIMITED);
    assertRestFailure(new PairingDriver(nodeA).generate(alice, "d5"), 429, ErrorCode.RATE_LIMITED);
    assertThat(new PairingDriver(nodeB).generate(nodeB.userToken("bob"), "d6").status()).isEqualTo(200);
  }

  @Test
  void failuresOnOneNodeSlowTheOtherNodesAnswersBeyondTheGlobalBudget() throws IOException {
    startNodes(Map.of(Keys.PAIRING_GLOBAL_BUDGET, "2", Keys.PAIRING_SLOWDOWN, "400"));
    for (int i = 0; i < 3; i++) {
      assertRestFailure(pairFrom("127.0.0." + (30 + i), nodeA, nodeA.userToken("guesser-" + i), "000000"),
          404, ErrorCode.CODE_NOT_FOUND);
    }
    long started = System.nanoTime();
    Http.Reply malformed = pairFrom("127.0.0.40", nodeB, nodeB.userToken("someone"), "12345");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertRestFailure(malformed, 400, ErrorCode.INVALID_CODE_FORMAT);
    assertThat(tookMs).as("node B waited out the slowdown for node A's failures").isGreaterThanOrEqualTo(400);
  }

  /** pair-device on a node, sent from a given loopback address (the node sees it as the client IP). */
  private static Http.Reply pairFrom(String sourceIp, TestServer node, String jwt, String code) {
    String body = Json.write(Json.object().put("code", code).put("mobile_session_id", "mobile"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST /api/pair-device HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Authorization: Bearer " + jwt + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(sourceIp, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", node.pairingPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      String json = response.substring(response.indexOf("\r\n\r\n") + 4);
      return new Http.Reply(status, Json.parseOrNull(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
