package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.config.Keys;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.RawFrameSocket;
import io.switchboard.testing.RawFrameSocket.Frame;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a WebSocket client sees of the socket itself, on both engines ({@code http.websocket-engine}
 * netty and vertx): control frames, the closing handshake, fragmented messages, messages sent before
 * the greeting, refused upgrades, declined compression, the token subprotocol, and REST beside the
 * sockets on one listener. The per-IP limit (429) is in {@link ConnectionLimitsTest}.
 *
 * <p>Frames a client writes in the same packet as its upgrade request, before the 101 (RFC 6455
 * 4.1 has clients wait for the answer), are kept on the netty engine only; Vert.x's loses them.
 */
class WebSocketEngineTest {
  private static final String ALLOWED_ORIGIN = "https://app.example.com";

  @TempDir
  static Path dataDir;
  private static final Map<String, TestServer> SERVERS = new ConcurrentHashMap<>();

  /** Runs a test once on each engine. */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"netty", "vertx"})
  @interface OnBothEngines {}

  /** One server per engine, shared by the tests, with a browser origin allow-list. */
  private static TestServer server(String engine) {
    return SERVERS.computeIfAbsent(engine, e -> {
      try {
        return TestServer.start(Files.createDirectories(dataDir.resolve(e)), Clock.systemUTC(),
            Map.of(Keys.WEBSOCKET_ENGINE, e, Keys.ALLOWED_ORIGINS, ALLOWED_ORIGIN));
      } catch (IOException failed) {
        throw new UncheckedIOException(failed);
      }
    });
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(TestServer::close);
  }

  private static String wsToken(TestServer s, String user) {
    return new PairingDriver(s).wsToken(s.userToken(user), "desktop");
  }

  /** A raw socket on the pairing endpoint, past the server's {@code connected} greeting. */
  private static RawFrameSocket greeted(TestServer s, String user) {
    RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=" + wsToken(s, user));
    assertThat(Json.parseOrNull(raw.readText()).path("type").asText()).isEqualTo("connected");
    return raw;
  }

  private static byte[] pingMessage(int sequence) {
    return ("{\"type\":\"ping\",\"sequence\":" + sequence + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** The next frame that is not the server's own heartbeat ping. */
  private static Frame nextFrameBesidesHeartbeats(RawFrameSocket raw) {
    Frame f = raw.nextFrame();
    while (f.opcode() == RawFrameSocket.PING) {
      f = raw.nextFrame();
    }
    return f;
  }

  private static JsonNode nextMessage(RawFrameSocket raw) {
    Frame f = nextFrameBesidesHeartbeats(raw);
    assertThat(f.opcode()).as("opcode of %s", f.text()).isEqualTo(RawFrameSocket.TEXT);
    assertThat(f.fin()).isTrue();
    assertThat(f.rsv()).as("RSV bits (no extension in use)").isZero();
    return Json.parseOrNull(f.text());
  }

  @OnBothEngines
  void aPingFrameIsAnsweredWithAPongCarryingTheSamePayload(String engine) {
    try (RawFrameSocket raw = greeted(server(engine), "pat")) {
      byte[] payload = new byte[125];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) (i * 7);
      }
      raw.sendPing(payload);
      Frame pong = nextFrameBesidesHeartbeats(raw);
      assertThat(pong.opcode()).isEqualTo(RawFrameSocket.PONG);
      assertThat(pong.fin()).isTrue();
      assertThat(pong.payload()).isEqualTo(payload);

      raw.sendPing("again".getBytes(StandardCharsets.US_ASCII));
      Frame again = nextFrameBesidesHeartbeats(raw);
      assertThat(again.opcode()).isEqualTo(RawFrameSocket.PONG);
      assertThat(again.text()).isEqualTo("again");
      raw.frame(RawFrameSocket.TEXT, true, pingMessage(1));
      assertThat(nextMessage(raw).path("sequence").asInt()).isEqualTo(1);
    }
  }

  @OnBothEngines
  void aCloseFromTheClientIsAnsweredWithItsCodeAndTheServerEndsTheConnection(String engine) {
    TestServer s = server(engine);
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=" + wsToken(s, "cleo"))) {
      String clientId = Json.parseOrNull(raw.readText()).path("client_id").asText();
      raw.sendClose(4321, "leaving now");
      Frame answer = nextFrameBesidesHeartbeats(raw);
      assertThat(answer.opcode()).isEqualTo(RawFrameSocket.CLOSE);
      assertThat(answer.closeCode()).isEqualTo(4321);
      raw.awaitEnd();
      s.awaitDisconnected(clientId);
    }
  }

  @OnBothEngines
  void aCloseFromTheServerReachesTheClientWithItsCodeAndReason(String engine) {
    TestServer s = server(engine);
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=not-a-token")) {
      JsonNode error = nextMessage(raw);
      assertThat(error.path("type").asText()).isEqualTo("error");
      assertThat(error.path("code").asText()).isEqualTo(ErrorCode.INVALID_TOKEN);
      Frame close = nextFrameBesidesHeartbeats(raw);
      assertThat(close.opcode()).isEqualTo(RawFrameSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(CloseCodes.POLICY);
      assertThat(close.closeReason()).isEqualTo("Invalid token");
      raw.sendClose(CloseCodes.POLICY, "");
      raw.awaitEnd();
    }
  }

  @OnBothEngines
  void aTextMessageInThreeFramesIsDeliveredAsOneMessage(String engine) {
    try (RawFrameSocket raw = greeted(server(engine), "finn")) {
      // The euro sign's three bytes are split over the last two frames: UTF-8 is a property of the
      // whole message, not of each frame.
      byte[] message = "{\"type\":\"ping\",\"sequence\":3,\"note\":\"€\"}".getBytes(StandardCharsets.UTF_8);
      int euro = message.length - 5;
      raw.frame(RawFrameSocket.TEXT, false, Arrays.copyOfRange(message, 0, 10));
      raw.frame(RawFrameSocket.CONTINUATION, false, Arrays.copyOfRange(message, 10, euro + 1));
      raw.frame(RawFrameSocket.CONTINUATION, true, Arrays.copyOfRange(message, euro + 1, message.length));
      JsonNode pong = nextMessage(raw);
      assertThat(pong.path("type").asText()).isEqualTo("pong");
      assertThat(pong.path("sequence").asInt()).isEqualTo(3);
    }
  }

  @OnBothEngines
  void messagesSentRightAfterTheUpgradeAreAllProcessedInOrder(String engine) {
    TestServer s = server(engine);
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=" + wsToken(s, "gus"))) {
      // Straight after the 101, without waiting for the greeting.
      raw.frame(RawFrameSocket.TEXT, true, Json.write(PairingDriver.identify("desktop", "d-gus"))
          .getBytes(StandardCharsets.UTF_8));
      for (int i = 1; i <= 5; i++) {
        raw.frame(RawFrameSocket.TEXT, true, pingMessage(i));
      }
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        JsonNode m = nextMessage(raw);
        answers.add(m.path("type").asText() + (m.has("sequence") ? m.path("sequence").asInt() : ""));
      }
      assertThat(answers).containsExactly("connected", "identified", "pong1", "pong2", "pong3", "pong4", "pong5");
    }
  }

  /**
   * The netty engine only: a client that does not wait for the 101 (RFC 6455 says it must) has its
   * messages in the same packet as the upgrade request. They are handled, in order, after the
   * greeting. Vert.x's engine loses them.
   */
  @Test
  void messagesSentWithTheUpgradeRequestAreProcessedInOrderOnTheNettyEngine() {
    TestServer s = server("netty");
    List<String> texts = new ArrayList<>(List.of(Json.write(PairingDriver.identify("desktop", "d-hal"))));
    for (int i = 1; i <= 3; i++) {
      texts.add(new String(pingMessage(i), StandardCharsets.UTF_8));
    }
    try (RawFrameSocket raw = RawFrameSocket.connectSendingAtOnce(s.pairingPort(), "/ws?token=" + wsToken(s, "hal"),
        texts)) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonNode m = nextMessage(raw);
        answers.add(m.path("type").asText() + (m.has("sequence") ? m.path("sequence").asInt() : ""));
      }
      assertThat(answers).containsExactly("connected", "identified", "pong1", "pong2", "pong3");
    }
  }

  @Test
  void malformedUpgradesGet400Or426AndGiveTheirConnectionSlotBack() throws IOException {
    TestServer s = server("netty");
    String token = wsToken(s, "ida");
    // More malformed attempts than one IP may hold connections: each must give its slot back.
    for (int i = 0; i < 60; i++) {
      assertThat(rawUpgradeStatus(s.pairingPort(), "/ws?token=" + token,
          "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")).as("no key, no Connection: Upgrade").isEqualTo(400);
      assertThat(rawUpgradeStatus(s.pairingPort(), "/ws?token=" + token,
          "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"))
          .as("no version (a pre-RFC 6455 draft)").isEqualTo(426);
    }
    try (RawFrameSocket raw = greeted(s, "ida")) {
      raw.frame(RawFrameSocket.TEXT, true, pingMessage(9));
      assertThat(nextMessage(raw).path("sequence").asInt()).isEqualTo(9);
    }
  }

  /** Sends an upgrade request with exactly these extra header lines and returns the answer's status. */
  private static int rawUpgradeStatus(int port, String pathAndQuery, String headerLines) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) WsProbe.WAIT.toMillis());
      socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + headerLines + "\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }
  }

  /** An identity provider whose JWKS endpoint answers only once the test lets it. */
  private static final class HeldJwks implements AutoCloseable {
    private final KeyPair keys;
    private final HttpServer http;
    private final CountDownLatch released = new CountDownLatch(1);

    HeldJwks() throws Exception {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      keys = rsa.generateKeyPair();
      byte[] body = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("k1").build()).toString()
          .getBytes(StandardCharsets.UTF_8);
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/jwks.json", ex -> {
        try {
          released.await(WsProbe.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
      });
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json";
    }

    String userToken(String user) throws Exception {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
          new JWTClaimsSet.Builder().subject(user).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
      jwt.sign(new RSASSASigner(keys.getPrivate()));
      return jwt.serialize();
    }

    /** A token under the key set's key id but signed by another key: refused once the set is read. */
    String forgedToken(String user) throws Exception {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
          new JWTClaimsSet.Builder().subject(user).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
      jwt.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()));
      return jwt.serialize();
    }

    void release() {
      released.countDown();
    }

    @Override
    public void close() {
      released.countDown();
      http.stop(0);
    }
  }

  /**
   * The assistant socket with user JWTs checked against an identity provider's key set: the first
   * check waits for the JWKS, so what the client sends meanwhile reaches the server before the
   * connection is authenticated. It is kept, and answered in order after the greeting.
   */
  @OnBothEngines
  void messagesSentWhileTheTokenIsStillBeingCheckedAreAnsweredInOrderAfterTheGreeting(String engine)
      throws Exception {
    try (HeldJwks idp = new HeldJwks();
        TestServer s = TestServer.start(Files.createDirectories(dataDir.resolve("jwks-" + engine)), Clock.systemUTC(),
            Map.of(Keys.WEBSOCKET_ENGINE, engine, Keys.ASSISTANT_REQUIRE_TOKEN, "true", Keys.JWT_ALGORITHM, "RS256",
                Keys.JWT_JWKS_URL, idp.url()));
        RawFrameSocket raw = RawFrameSocket.connect(s.httpPort(), "/ws?token=" + idp.userToken("kai"))) {
      for (String type : List.of("ping", "status", "ping", "status", "ping")) {
        raw.frame(RawFrameSocket.TEXT, true, ("{\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8));
      }
      idp.release();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(nextMessage(raw).path("type").asText());
      }
      assertThat(answers).containsExactly("connection", "pong", "status_response", "pong", "status_response", "pong");
    }
  }

  /** A server requiring user JWTs checked against {@code idp}'s key set, on the netty engine. */
  private static TestServer tokenCheckingServer(HeldJwks idp, String dir) throws IOException {
    return TestServer.start(Files.createDirectories(dataDir.resolve(dir)), Clock.systemUTC(),
        Map.of(Keys.WEBSOCKET_ENGINE, "netty", Keys.ASSISTANT_REQUIRE_TOKEN, "true", Keys.JWT_ALGORITHM, "RS256",
            Keys.JWT_JWKS_URL, idp.url()));
  }

  /**
   * The netty engine: a client that sends its last messages and closes at once, while the server
   * still holds them (here: the token is being checked), has them all handled before its close is
   * answered. On Vert.x's engine a close read together with them overtakes them.
   */
  @Test
  void messagesSentRightBeforeAClientCloseAreHandledBeforeTheCloseIsAnswered() throws Exception {
    try (HeldJwks idp = new HeldJwks(); TestServer s = tokenCheckingServer(idp, "jwks-close");
        RawFrameSocket raw = RawFrameSocket.connect(s.httpPort(), "/ws?token=" + idp.userToken("lea"))) {
      raw.sendAtOnce(List.of("{\"type\":\"ping\"}", "{\"type\":\"status\"}", "{\"type\":\"ping\"}",
          new RawFrameSocket.Close(1000, "done")));
      idp.release();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(nextMessage(raw).path("type").asText());
      }
      assertThat(answers).containsExactly("connection", "pong", "status_response", "pong");
      assertThat(raw.awaitCloseCode()).isEqualTo(1000);
    }
  }

  /**
   * The netty engine: a client that closed while its token was being checked, whose token is then
   * refused, gets the server's 1008 and the connection ends at once: its own close already answered
   * the server's, so the server does not wait out its close timeout.
   */
  @Test
  void aRefusalAfterTheClientClosedEndsTheConnectionWithoutWaitingForAnAnswer() throws Exception {
    try (HeldJwks idp = new HeldJwks(); TestServer s = tokenCheckingServer(idp, "jwks-refused-after-close");
        RawFrameSocket raw = RawFrameSocket.connectSendingAtOnce(s.httpPort(), "/ws?token=" + idp.forgedToken("mo"),
            List.of("{\"type\":\"ping\"}", new RawFrameSocket.Close(1000, "bye")))) {
      idp.release();
      assertThat(raw.awaitCloseCode()).isEqualTo(1008);
      raw.awaitEnd(Duration.ofMillis(NettyWire.CLOSE_TIMEOUT_MILLIS / 2));
    }
  }

  /** The netty engine: a ping sent with the upgrade request is answered once the socket is open. */
  @Test
  void aPingSentWithTheUpgradeRequestIsAnswered() {
    TestServer s = server("netty");
    byte[] payload = "early".getBytes(StandardCharsets.UTF_8);
    try (RawFrameSocket raw = RawFrameSocket.connectSendingAtOnce(s.pairingPort(), "/ws?token=" + wsToken(s, "ida"),
        List.of(new RawFrameSocket.Ping(payload)))) {
      Frame f = raw.nextFrame();
      while (f.opcode() != RawFrameSocket.PONG) {
        f = raw.nextFrame();
      }
      assertThat(f.payload()).isEqualTo(payload);
    }
  }

  /**
   * The netty engine only: Vert.x's ServerWebSocket does not check UTF-8, it decodes the message
   * with replacement characters and the profile processes it (a ping gets its pong).
   */
  @Test
  void invalidUtf8InATextMessageCloses1007OnTheNettyEngine() {
    try (RawFrameSocket raw = greeted(server("netty"), "ivy")) {
      byte[] bad = "{\"type\":\"ping\",\"note\":\"xx\"}".getBytes(StandardCharsets.US_ASCII);
      bad[23] = (byte) 0xC3;
      bad[24] = (byte) 0x28;
      raw.frame(RawFrameSocket.TEXT, true, bad);
      Frame close = nextFrameBesidesHeartbeats(raw);
      assertThat(close.opcode()).as("opcode of %s", close.text()).isEqualTo(RawFrameSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(CloseCodes.INVALID_DATA);
      raw.sendClose(CloseCodes.INVALID_DATA, "");
      raw.awaitEnd();
    }
  }

  @OnBothEngines
  void upgradesToAnUnknownPathOrFromAForeignBrowserOriginAreRefused(String engine) {
    TestServer s = server(engine);
    String token = wsToken(s, "ray");
    assertThat(RawFrameSocket.refusedUpgradeStatus(s.pairingPort(), "/nowhere?token=" + token, Map.of()))
        .isEqualTo(404);
    assertThat(RawFrameSocket.refusedUpgradeStatus(s.pairingPort(), "/ws?token=" + token,
        Map.of("Origin", "https://elsewhere.example.com"))).isEqualTo(403);
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=" + token,
        Map.of("Origin", ALLOWED_ORIGIN))) {
      assertThat(nextMessage(raw).path("type").asText()).isEqualTo("connected");
    }
  }

  @OnBothEngines
  void permessageDeflateIsDeclinedAndTheSocketWorksUncompressed(String engine) {
    TestServer s = server(engine);
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws?token=" + wsToken(s, "dee"),
        Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
      assertThat(raw.upgradeHeader("Sec-WebSocket-Extensions")).isNull();
      assertThat(nextMessage(raw).path("type").asText()).isEqualTo("connected");
      raw.frame(RawFrameSocket.TEXT, true, pingMessage(9));
      assertThat(nextMessage(raw).path("sequence").asInt()).isEqualTo(9);
    }
  }

  @OnBothEngines
  void theBearerSubprotocolIsEchoedAndAuthenticates(String engine) {
    TestServer s = server(engine);
    String protocol = "Bearer." + wsToken(s, "bea");
    try (RawFrameSocket raw = RawFrameSocket.connect(s.pairingPort(), "/ws",
        Map.of("Sec-WebSocket-Protocol", protocol))) {
      assertThat(raw.upgradeHeader("Sec-WebSocket-Protocol")).isEqualTo(protocol);
      assertThat(nextMessage(raw).path("type").asText()).isEqualTo("connected");
      raw.frame(RawFrameSocket.TEXT, true, pingMessage(4));
      assertThat(nextMessage(raw).path("sequence").asInt()).isEqualTo(4);
    }
  }

  @OnBothEngines
  void plainHttpIsServedOnTheSameListenerWhileSocketsAreOpen(String engine) {
    TestServer s = server(engine);
    PairingDriver driver = new PairingDriver(s);
    try (WsProbe first = driver.connect(wsToken(s, "hal")); WsProbe second = driver.connect(wsToken(s, "hal"))) {
      Http.Reply health = Http.get(s.pairingUrl() + "/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().path("connections").asInt()).isGreaterThanOrEqualTo(2);
      PairingDriver.assertAlive(first);
      PairingDriver.assertAlive(second);
      assertThat(Http.get(s.pairingUrl() + "/ready").status()).isEqualTo(200);
    }
  }
}
