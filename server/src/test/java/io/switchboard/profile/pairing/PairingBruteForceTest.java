package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertRestFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.audit.AuditEvent;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.testing.Http;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code guessing is bounded with the default limits: 5 failed pair-device attempts per user and per
 * IP per minute, then 429 RATE_LIMITED for every attempt, the right code included, until the
 * minute is over. Every attempt is audited.
 */
class PairingBruteForceTest {
  private static final int ALLOWED_FAILURES = 5;

  @TempDir
  Path dataDir;
  MutableClock clock;
  TestServer server;
  PairingDriver driver;

  @BeforeEach
  void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir, clock, Map.of());
    driver = new PairingDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String code(String jwt) {
    Http.Reply r = driver.generate(jwt, "desktop-session");
    assertThat(r.status()).isEqualTo(200);
    return r.body().get("code").asText();
  }

  private static String another(String code, int offset) {
    return String.format("%06d", (Integer.parseInt(code) + offset) % 1_000_000);
  }

  /** Asserts a 429 and returns its retry_after_ms, which must fall within the current minute. */
  private static long assertBlocked(Http.Reply r) {
    assertRestFailure(r, 429, ErrorCode.RATE_LIMITED);
    long retry = r.body().path("details").path("retry_after_ms").asLong(-1);
    assertThat(retry).isBetween(1L, 60_000L);
    return retry;
  }

  @Test
  void aUserGetsFiveGuessesAMinuteThenEvenTheRightCodeIsRefused() {
    String alice = server.userToken("alice");
    String code = code(alice);
    for (int i = 1; i <= ALLOWED_FAILURES; i++) {
      assertRestFailure(driver.pairDevice(alice, another(code, i), "guess"), 404, ErrorCode.CODE_NOT_FOUND);
    }
    Http.Reply wrong = driver.pairDevice(alice, another(code, 6), "guess");
    Http.Reply right = driver.pairDevice(alice, code, "mobile");
    assertBlocked(wrong);
    long retry = assertBlocked(right);
    // The refusal does not tell a right guess from a wrong one.
    assertThat(right.body().path("message")).isEqualTo(wrong.body().path("message"));

    clock.advance(Duration.ofMillis(retry - 1));
    assertBlocked(driver.pairDevice(alice, code, "mobile"));
    clock.advance(Duration.ofMillis(1));
    Http.Reply paired = driver.pairDevice(alice, code, "mobile");
    assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
  }

  @Test
  void failuresFromOneIpAddUpAcrossUsers() {
    String alice = server.userToken("alice");
    String code = code(alice);
    for (int i = 1; i <= ALLOWED_FAILURES; i++) {
      String guesser = server.userToken("guesser-" + i);
      assertRestFailure(driver.pairDevice(guesser, another(code, i), "guess"), 404, ErrorCode.CODE_NOT_FOUND);
    }
    // alice has not failed once, but 127.0.0.1 has used up its failures for this minute.
    long retry = assertBlocked(driver.pairDevice(alice, code, "mobile"));
    assertBlocked(driver.pairDevice(server.userToken("newcomer"), code, "mobile"));

    clock.advance(Duration.ofMillis(retry));
    Http.Reply paired = driver.pairDevice(alice, code, "mobile");
    assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
  }

  @Test
  void successfulAttemptsDoNotCountAsFailures() {
    String alice = server.userToken("alice");
    for (int i = 0; i < ALLOWED_FAILURES + 2; i++) {
      Http.Reply paired = driver.pairDevice(alice, code(alice), "mobile-" + i);
      assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
    }
    assertRestFailure(driver.pairDevice(alice, "000000", "guess"), 404, ErrorCode.CODE_NOT_FOUND);
  }

  @Test
  void everyAttemptIsAudited() {
    String alice = server.userToken("alice");
    String code = code(alice);
    driver.pairDeviceBody(alice, "{\"code\":\"12345\",\"mobile_session_id\":\"m\"}");
    driver.pairDeviceBody(alice, "{\"code\":");
    driver.pairDeviceBody(alice, "{\"code\":\"" + code + "\"}");
    for (int i = 1; i <= ALLOWED_FAILURES; i++) {
      driver.pairDevice(alice, another(code, i), "guess");
    }
    driver.pairDevice(alice, code, "mobile");
    clock.advance(Duration.ofMinutes(1));
    driver.pairDevice(alice, code, "mobile");
    int requests = 3 + ALLOWED_FAILURES + 2;

    List<AuditEvent> attempts = server.auditEvents("pairing.attempt");
    assertThat(attempts).hasSize(requests);
    assertThat(attempts).allSatisfy(e -> {
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.ip()).isEqualTo("127.0.0.1");
      assertThat(e.profile()).isEqualTo(PairingProfile.NAME);
    });
    assertThat(attempts.stream().map(AuditEvent::outcome).toList())
        .containsOnly("failure", "blocked", "success");
    assertThat(attempts.stream().filter(e -> e.outcome().equals("failure")).map(AuditEvent::detail))
        .containsOnly(ErrorCode.INVALID_CODE_FORMAT, ErrorCode.INVALID_JSON, ErrorCode.INVALID_MESSAGE,
            ErrorCode.CODE_NOT_FOUND)
        .filteredOn(ErrorCode.CODE_NOT_FOUND::equals).hasSize(ALLOWED_FAILURES);
    assertThat(attempts).filteredOn(e -> e.outcome().equals("blocked")).singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo(ErrorCode.RATE_LIMITED));
    assertThat(attempts).filteredOn(e -> e.outcome().equals("success")).singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo("pair-" + code));
  }
}
