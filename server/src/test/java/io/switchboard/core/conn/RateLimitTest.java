package io.switchboard.core.conn;

import static io.switchboard.testing.PairingDriver.assertAlive;
import static io.switchboard.testing.PairingDriver.channelMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-connection message rate: a burst of limits.messages-per-second + limits.messages-burst is
 * served, beyond it each message gets RATE_LIMITED with retry_after_ms and is dropped (never
 * relayed), and limits.rate-abuse-threshold refusals in a row close the connection 1008.
 */
class RateLimitTest {
  private static final int RATE = 5;
  private static final int BURST = 5;
  private static final int ABUSE = 50;
  private static final int PING_BASE = 10_000;

  @TempDir
  Path dataDir;

  private static TestServer smallLimits(Path dir) {
    return TestServer.start(dir, Clock.systemUTC(), Map.of(Keys.RATE, String.valueOf(RATE),
        Keys.BURST, String.valueOf(BURST), Keys.ABUSE, String.valueOf(ABUSE)));
  }

  private static boolean isType(JsonNode m, String type) {
    return type.equals(m.path("type").asText());
  }

  private static boolean isRateLimited(JsonNode m) {
    return isType(m, "error") && ErrorCode.RATE_LIMITED.equals(m.path("code").asText());
  }

  /** Sends as many messages as the socket takes, stopping once the server has closed it. */
  private static int sendUntilClosed(WsProbe p, int count, IntFunction<JsonNode> message) {
    int sent = 0;
    try {
      while (sent < count && !p.isClosed()) {
        p.send(message.apply(sent));
        sent++;
      }
    } catch (CompletionException closedWhileSending) {
      // the server closed the connection; what was sent is counted
    }
    return sent;
  }

  /**
   * Pings until a token is back and returns how many messages sent before the first ping were
   * refused. Every ping is answered, by a pong or by RATE_LIMITED, and answers come in order, so the
   * refusals before the first pong, less the pings refused before it, are the earlier refusals.
   */
  private static int refusalsBeforeRecovery(WsProbe p, int mark) {
    AtomicInteger pings = new AtomicInteger();
    Awaitility.await().atMost(WsProbe.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      p.send(Json.object().put("type", "ping").put("sequence", PING_BASE + pings.incrementAndGet()));
      return p.seenSince(mark).stream().anyMatch(m -> isType(m, "pong"));
    });
    List<JsonNode> answers = p.seenSince(mark);
    int firstPong = answers.indexOf(answers.stream().filter(m -> isType(m, "pong")).findFirst().orElseThrow());
    assertThat(answers.subList(0, firstPong)).allMatch(RateLimitTest::isRateLimited);
    int refusedPings = answers.get(firstPong).get("sequence").asInt() - PING_BASE - 1;
    return firstPong - refusedPings;
  }

  @Test
  void theDefaultsServeABurstOfThreeHundredThenRefuse() {
    try (TestServer server = TestServer.start(dataDir)) {
      PairingDriver driver = new PairingDriver(server);
      try (WsProbe p = driver.connect(driver.wsToken(server.userToken("quinn"), "desktop"))) {
        int mark = p.mark();
        sendUntilClosed(p, 600, i -> Json.object().put("type", "ping").put("sequence", i + 1));
        JsonNode firstRefusal = p.await(RateLimitTest::isRateLimited, "RATE_LIMITED");
        long retry = firstRefusal.path("details").path("retry_after_ms").asLong(-1);
        assertThat(retry).isBetween(1L, 10L);

        List<JsonNode> answers = p.seenSince(mark);
        assertThat(answers.size()).isGreaterThan(300);
        for (int i = 0; i < 300; i++) {
          assertThat(isType(answers.get(i), "pong")).as("answer %d: %s", i, answers.get(i)).isTrue();
          assertThat(answers.get(i).get("sequence").asInt()).isEqualTo(i + 1);
        }
      }
    }
  }

  @Test
  void refusedMessagesAreNeverRelayedAndTheConnectionRecovers() {
    try (TestServer server = smallLimits(dataDir)) {
      PairingDriver driver = new PairingDriver(server);
      try (Pair p = driver.pair("rae", "flood")) {
        int mobileMark = p.mobile().mark();
        int desktopMark = p.desktop().mark();
        int flood = 40;
        for (int i = 0; i < flood; i++) {
          p.mobile().send(channelMessage(p.channel(), Json.object().put("n", i)));
        }
        int refusedFlood = refusalsBeforeRecovery(p.mobile(), mobileMark);
        assertThat(refusedFlood).isPositive();
        assertThat(p.mobile().seenSince(mobileMark).get(0).path("details").path("retry_after_ms").asLong(-1))
            .isBetween(1L, 1000L / RATE);

        // Everything the flood relayed reached the desktop before its own pong.
        assertAlive(p.desktop());
        List<JsonNode> relayed = p.desktop().seenSince(desktopMark).stream()
            .filter(m -> isType(m, "channel_message")).toList();
        assertThat(relayed.size() + refusedFlood).isEqualTo(flood);
        for (int i = 1; i < relayed.size(); i++) {
          assertThat(relayed.get(i).get("payload").get("n").asInt())
              .isGreaterThan(relayed.get(i - 1).get("payload").get("n").asInt());
          assertThat(relayed.get(i).get("seq").asLong()).isEqualTo(relayed.get(i - 1).get("seq").asLong() + 1);
        }
        assertThat(p.mobile().isClosed()).isFalse();
      }
    }
  }

  @Test
  void continuedAbuseClosesTheConnection1008() {
    try (TestServer server = smallLimits(dataDir)) {
      PairingDriver driver = new PairingDriver(server);
      try (Pair p = driver.pair("sam", "abuse")) {
        int mobileMark = p.mobile().mark();
        int desktopMark = p.desktop().mark();
        int sent = sendUntilClosed(p.mobile(), 1_000,
            i -> channelMessage(p.channel(), Json.object().put("n", i)));

        assertThat(p.mobile().awaitClose()).isEqualTo(CloseCodes.POLICY);
        assertThat(p.mobile().closeReason()).isEqualTo("Rate limit exceeded repeatedly");
        List<JsonNode> refusals = p.mobile().seenSince(mobileMark);
        // The close came at the ABUSE-th refusal in a row; the ones before it were each answered.
        assertThat(refusals).allMatch(RateLimitTest::isRateLimited).hasSizeGreaterThanOrEqualTo(ABUSE - 1);

        JsonNode gone = p.desktop().await("mobile_disconnected");
        assertThat(gone.get("session_id").asText()).isEqualTo(p.mobileSession());
        long relayed = p.desktop().seenSince(desktopMark).stream().filter(m -> isType(m, "channel_message")).count();
        assertThat(relayed + refusals.size()).isLessThan(sent);
        assertAlive(p.desktop());
      }
    }
  }
}
