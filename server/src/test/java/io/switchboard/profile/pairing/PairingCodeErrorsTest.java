package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertRestFailure;
import static io.switchboard.testing.PairingDriver.identify;
import static io.switchboard.testing.PairingDriver.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pair-device with codes that must not pair: expired, used, wrong, malformed, another user's. Each
 * gets its documented error and leaves the code as it was, so its owner can still pair with it.
 * Every test has its own server, so failed attempts never add up across tests.
 */
class PairingCodeErrorsTest {
  @TempDir
  Path dataDir;
  MutableClock clock;
  TestServer server;
  PairingDriver driver;

  @BeforeEach
  void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(dataDir.resolve("user-scope"), clock, Map.of());
    driver = new PairingDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Generated(String code, String channel) {}

  private static Generated generate(PairingDriver driver, String jwt, String desktopSession) {
    Http.Reply r = driver.generate(jwt, desktopSession);
    assertThat(r.status()).as("generate %s", r.body()).isEqualTo(200);
    return new Generated(r.body().get("code").asText(), r.body().get("channel_id").asText());
  }

  private void assertPairs(String jwt, Generated g, String mobileSession) {
    Http.Reply r = driver.pairDevice(jwt, g.code(), mobileSession);
    assertThat(r.status()).as("pair-device %s", r.body()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isTrue();
    assertThat(r.body().get("channel_id").asText()).isEqualTo(g.channel());
  }

  /** A fresh connection identifies and tries to join; returns the error it gets. */
  private JsonNode joinRefused(String jwt, String channel, String deviceType, String session) {
    try (WsProbe p = driver.connect(driver.wsToken(jwt, deviceType))) {
      p.send(identify(deviceType, session));
      p.await("identified");
      p.send(join(channel, deviceType, session));
      JsonNode error = p.awaitError(ErrorCode.INVALID_CHANNEL);
      assertThat(error.path("details").path("channel").asText()).isEqualTo(channel);
      assertThat(p.seen()).noneMatch(m -> m.path("type").asText().equals("channel_joined"));
      return error;
    }
  }

  @Test
  void codeExpiresAfterItsTtl() {
    String jwt = server.userToken("alice");
    Http.Reply first = driver.generate(jwt, "desktop-1");
    assertThat(first.body().get("expiresIn").asInt()).isEqualTo(300);
    Generated early = new Generated(first.body().get("code").asText(), first.body().get("channel_id").asText());
    Generated late = generate(driver, jwt, "desktop-2");

    clock.advance(Duration.ofSeconds(299));
    assertPairs(jwt, early, "mobile-1");

    clock.advance(Duration.ofSeconds(2));
    assertRestFailure(driver.pairDevice(jwt, late.code(), "mobile-2"), 404, ErrorCode.CODE_NOT_FOUND);
    // The expired code's channel is gone for its own desktop too.
    joinRefused(jwt, late.channel(), "desktop", "desktop-2");
  }

  @Test
  void usedCodeDoesNotPairASecondMobile() {
    String alice = server.userToken("alice");
    Generated g = generate(driver, alice, "desktop-1");
    assertPairs(alice, g, "mobile-1");

    assertRestFailure(driver.pairDevice(alice, g.code(), "mobile-2"), 404, ErrorCode.CODE_NOT_FOUND);
    assertRestFailure(driver.pairDevice(server.userToken("bob"), g.code(), "mobile-3"), 404,
        ErrorCode.CODE_NOT_FOUND);

    // The second mobile has no place in the channel; the first one still has.
    joinRefused(alice, g.channel(), "mobile", "mobile-2");
    try (WsProbe mobile = driver.connect(driver.wsToken(alice, "mobile"))) {
      JsonNode joined = driver.identifyAndJoin(mobile, g.channel(), "mobile", "mobile-1");
      assertThat(joined.get("paired").asBoolean()).isTrue();
      assertThat(joined.get("members")).hasSize(1);
      assertThat(joined.get("members").get(0).get("session_id").asText()).isEqualTo("mobile-1");
    }
  }

  @Test
  void wrongCodeIsNotFoundAndTheRightOneStillPairs() {
    String jwt = server.userToken("alice");
    Generated g = generate(driver, jwt, "desktop-1");
    String wrong = String.format("%06d", (Integer.parseInt(g.code()) + 1) % 1_000_000);

    Http.Reply r = driver.pairDevice(jwt, wrong, "mobile-1");
    assertRestFailure(r, 404, ErrorCode.CODE_NOT_FOUND);
    assertThat(r.body().has("channel_id")).isFalse();

    assertPairs(jwt, g, "mobile-1");
  }

  @Test
  void malformedCodesAreRefusedBeforeAnyLookup() {
    String jwt = server.userToken("alice");
    Generated g = generate(driver, jwt, "desktop-1");
    String[] bodies = {
        Json.write(Json.object().put("code", g.code().substring(0, 5)).put("mobile_session_id", "m")),
        Json.write(Json.object().put("code", "abcdef").put("mobile_session_id", "m")),
        Json.write(Json.object().put("code", Integer.parseInt(g.code())).put("mobile_session_id", "m")),
        Json.write(Json.object().put("mobile_session_id", "m")),
    };
    for (String body : bodies) {
      assertRestFailure(driver.pairDeviceBody(jwt, body), 400, ErrorCode.INVALID_CODE_FORMAT);
    }
    // A well-formed code with a broken rest of the request does not use the code up either.
    assertRestFailure(driver.pairDeviceBody(jwt, "{\"code\":\"" + g.code() + "\","), 400, ErrorCode.INVALID_JSON);
    assertRestFailure(driver.pairDeviceBody(jwt, Json.write(Json.object().put("code", g.code()))), 400,
        ErrorCode.INVALID_MESSAGE);

    assertPairs(jwt, g, "mobile-1");
  }

  @Test
  void anotherUsersCodeIsNotFoundWithUserScope() {
    String alice = server.userToken("alice");
    String mallory = server.userToken("mallory");
    Generated g = generate(driver, alice, "desktop-1");

    assertRestFailure(driver.pairDevice(mallory, g.code(), "mallory-mobile"), 404, ErrorCode.CODE_NOT_FOUND);
    joinRefused(mallory, g.channel(), "mobile", "mallory-mobile");

    assertPairs(alice, g, "mobile-1");
  }

  @Test
  void globalScopeLetsAnotherUserPair() {
    try (TestServer global = TestServer.start(dataDir.resolve("global-scope"), clock,
        Map.of(Keys.PAIRING_SCOPE, "global"))) {
      PairingDriver d = new PairingDriver(global);
      String alice = global.userToken("alice");
      String bob = global.userToken("bob");
      Generated g = generate(d, alice, "alice-desktop");
      try (WsProbe desktop = d.connect(d.wsToken(alice, "desktop"))) {
        d.identifyAndJoin(desktop, g.channel(), "desktop", "alice-desktop");

        Http.Reply paired = d.pairDevice(bob, g.code(), "bob-mobile");
        assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
        assertThat(paired.body().get("channel_id").asText()).isEqualTo(g.channel());
        try (WsProbe mobile = d.connect(d.wsToken(bob, "mobile"))) {
          JsonNode joined = d.identifyAndJoin(mobile, g.channel(), "mobile", "bob-mobile");
          assertThat(joined.get("members")).hasSize(2);
          assertThat(desktop.await("client_joined").get("client_id").asText()).isEqualTo("bob-mobile");
          assertThat(desktop.await("pairing_success").get("code").asText()).isEqualTo(g.code());
        }
        // Global scope does not make a code reusable.
        assertRestFailure(d.pairDevice(alice, g.code(), "alice-mobile"), 404, ErrorCode.CODE_NOT_FOUND);
      }
    }
  }
}
