package io.switchboard.core.auth;

import static io.switchboard.testing.PairingDriver.assertRestFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.Jwts;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials at the pairing listener's doors: user JWTs on REST (HS256 pinned, exp with 30 s
 * leeway) and WS tokens on the WebSocket. Every failure is INVALID_TOKEN, REST as 401
 * {"success":false,"error","message"}, WebSocket as an error frame then close 1008, and is audited.
 */
class CredentialsTest {
  private static final String WS_TOKEN_PATH = "/api/auth/ws-token";

  @TempDir
  static Path dataDir;
  static MutableClock clock;
  static TestServer server;
  static PairingDriver driver;

  @BeforeAll
  static void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir, clock, Map.of());
    driver = new PairingDriver(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] secret() {
    return Jwts.serverSecret(dataDir);
  }

  /** A user token that must be refused, of the named kind; null stands for no token at all. */
  private static String badUserToken(String kind) {
    Instant now = clock.instant();
    JWTClaimsSet valid = Jwts.userClaims("alice", now.plusSeconds(600));
    return switch (kind) {
      case "missing" -> null;
      case "garbage" -> "not.a.jwt";
      case "expired" -> Jwts.hs256(secret(), Jwts.userClaims("alice", now.minusSeconds(31)));
      case "no-exp" -> Jwts.hs256(secret(), new JWTClaimsSet.Builder().subject("alice").build());
      case "forged" -> Jwts.forged(valid);
      case "alg-none" -> Jwts.unsigned(valid);
      case "hs512" -> Jwts.hmac(JWSAlgorithm.HS512, secret(), valid);
      case "rs256" -> Jwts.rs256(valid);
      case "ws-token" -> driver.wsToken(server.userToken("alice"), "desktop");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** Claims shaped like the server's own WS tokens. */
  private static JWTClaimsSet wsClaims(Instant exp) {
    return new JWTClaimsSet.Builder().issuer(Credentials.ISSUER).subject("alice")
        .claim("typ", Credentials.WS_TOKEN_TYPE).claim("device_type", "desktop")
        .expirationTime(Date.from(exp)).build();
  }

  /** A WS token that must be refused, of the named kind. */
  private static String badWsToken(String kind) {
    Instant exp = clock.instant().plusSeconds(600);
    return switch (kind) {
      case "missing" -> "";
      case "garbage" -> "not.a.jwt";
      case "user-jwt" -> server.userToken("alice");
      case "forged" -> Jwts.forged(wsClaims(exp));
      case "alg-none" -> Jwts.unsigned(wsClaims(exp));
      case "hs512" -> Jwts.hmac(JWSAlgorithm.HS512, secret(), wsClaims(exp));
      case "expired" -> Jwts.hs256(secret(), wsClaims(clock.instant().minusSeconds(31)));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static String wsUrl(String token) {
    return "ws://127.0.0.1:" + server.pairingPort() + "/ws?token=" + token;
  }

  /** Connects with a token the server must refuse: error INVALID_TOKEN first, then close 1008. */
  private static void assertWsRefused(String token) {
    try (WsProbe p = WsProbe.connect(wsUrl(token))) {
      JsonNode first = p.next();
      assertThat(first.path("type").asText()).isEqualTo("error");
      assertThat(first.path("code").asText()).isEqualTo(ErrorCode.INVALID_TOKEN);
      assertThat(first.path("message").asText()).isNotBlank();
      assertThat(p.awaitClose()).isEqualTo(CloseCodes.POLICY);
      assertThat(p.seen()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"missing", "garbage", "expired", "no-exp", "forged", "alg-none", "hs512", "rs256",
      "ws-token"})
  void restRefusesEveryTokenThatIsNotAValidUserJwt(String kind) {
    Http.Reply r = Http.post(server.pairingUrl() + WS_TOKEN_PATH, badUserToken(kind), "{}");
    assertRestFailure(r, 401, ErrorCode.INVALID_TOKEN);
    assertThat(r.body().has("token")).isFalse();
  }

  @Test
  void expiryAllowsThirtySecondsOfLeeway() {
    Instant now = clock.instant();
    String late = Jwts.hs256(secret(), Jwts.userClaims("alice", now.minusSeconds(29)));
    assertThat(Http.post(server.pairingUrl() + WS_TOKEN_PATH, late, "{}").status()).isEqualTo(200);
    String tooLate = Jwts.hs256(secret(), Jwts.userClaims("alice", now.minusSeconds(31)));
    assertRestFailure(Http.post(server.pairingUrl() + WS_TOKEN_PATH, tooLate, "{}"), 401, ErrorCode.INVALID_TOKEN);
  }

  @Test
  void aUserJwtAcceptedBeforeIsStillRefusedOnceItExpires() {
    String token = Jwts.hs256(secret(), Jwts.userClaims("carol", clock.instant().plusSeconds(60)));
    assertThat(Http.post(server.pairingUrl() + WS_TOKEN_PATH, token, "{}").status()).isEqualTo(200);
    assertThat(Http.post(server.pairingUrl() + WS_TOKEN_PATH, token, "{}").status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(60 + 31));
    Http.Reply late = Http.post(server.pairingUrl() + WS_TOKEN_PATH, token, "{}");
    assertRestFailure(late, 401, ErrorCode.INVALID_TOKEN);
    assertThat(late.body().get("message").asText()).isEqualTo("Token expired");
  }

  @Test
  void anAcceptedUserJwtWithAnotherSignatureIsRefused() {
    String token = Jwts.hs256(secret(), Jwts.userClaims("dave", clock.instant().plusSeconds(600)));
    assertThat(Http.post(server.pairingUrl() + WS_TOKEN_PATH, token, "{}").status()).isEqualTo(200);
    int dot = token.lastIndexOf('.');
    String otherSignature = token.substring(0, dot + 1) + new StringBuilder(token.substring(dot + 1)).reverse();
    assertRestFailure(Http.post(server.pairingUrl() + WS_TOKEN_PATH, otherSignature, "{}"), 401,
        ErrorCode.INVALID_TOKEN);
  }

  @Test
  void everyPairingEndpointNeedsAUserJwtAndChangesNothingWithoutOne() {
    String alice = server.userToken("alice");
    String code = driver.generate(alice, "desktop-1").body().get("code").asText();
    int channels = server.channelCount();
    String wsToken = driver.wsToken(alice, "mobile");
    String pairBody = Json.write(Json.object().put("code", code).put("mobile_session_id", "mobile-1"));
    Map<String, String> bodies = Map.of(
        "/api/auth/ws-token", "{}",
        "/api/auth/ws-token-mobile", "{}",
        "/api/generate-pair-code", "{\"desktop_session_id\":\"desktop-2\"}",
        "/api/pair-device", pairBody);
    bodies.forEach((path, body) -> {
      assertRestFailure(Http.post(server.pairingUrl() + path, null, body), 401, ErrorCode.INVALID_TOKEN);
      assertRestFailure(Http.post(server.pairingUrl() + path, wsToken, body), 401, ErrorCode.INVALID_TOKEN);
    });

    assertThat(server.channelCount()).isEqualTo(channels);
    Http.Reply paired = driver.pairDevice(alice, code, "mobile-1");
    assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"missing", "garbage", "user-jwt", "forged", "alg-none", "hs512", "expired"})
  void webSocketRefusesEveryTokenThatIsNotAValidWsToken(String kind) {
    assertWsRefused(badWsToken(kind));
  }

  @Test
  void webSocketRefusesABadTokenSentAsSubprotocol() {
    String forged = Jwts.forged(wsClaims(clock.instant().plusSeconds(600)));
    try (WsProbe p = WsProbe.connectWithSubprotocol("ws://127.0.0.1:" + server.pairingPort() + "/ws",
        "Bearer." + forged)) {
      assertThat(p.next().path("code").asText()).isEqualTo(ErrorCode.INVALID_TOKEN);
      assertThat(p.awaitClose()).isEqualTo(CloseCodes.POLICY);
    }
  }

  @Test
  void wsTokenExpiresAfterItsTtlAndLeeway() {
    String token = driver.wsToken(server.userToken("dora"), "desktop");
    clock.advance(Duration.ofSeconds(3600 + 29));
    try (WsProbe p = driver.connect(token)) {
      PairingDriver.assertAlive(p);
    }
    clock.advance(Duration.ofSeconds(2));
    assertWsRefused(token);
  }

  @Test
  void authFailuresAreAuditedWithoutTheToken() {
    String expired = badUserToken("expired");
    String forged = badWsToken("forged");
    assertRestFailure(Http.post(server.pairingUrl() + "/api/generate-pair-code", expired, "{}"), 401,
        ErrorCode.INVALID_TOKEN);
    assertWsRefused(forged);

    List<AuditEvent> failures = server.auditEvents("auth.failure");
    assertThat(failures).anySatisfy(e -> {
      assertThat(e.subject()).isEqualTo("/api/generate-pair-code");
      assertThat(e.detail()).containsIgnoringCase("expired");
    });
    assertThat(failures).anySatisfy(e -> assertThat(e.subject()).isEqualTo("/ws"));
    assertThat(failures).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo("failure");
      assertThat(e.ip()).isEqualTo("127.0.0.1");
      assertThat(e.profile()).isEqualTo("pairing");
      assertThat(String.valueOf(e.detail())).doesNotContain(expired).doesNotContain(forged);
    });
  }
}
