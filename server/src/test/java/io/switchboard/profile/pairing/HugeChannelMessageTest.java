package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server configured for messages of tens of MiB still reads every channel_message with the same
 * JSON limits: a string longer than the parser takes (20 million characters) gets INVALID_JSON and
 * is not relayed, whichever way the server reads the message.
 */
class HugeChannelMessageTest {
  private static final int LIMIT = 24 << 20;

  @TempDir
  static Path dataDir;
  static TestServer server;
  static Pair pair;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir, Clock.systemUTC(),
        Map.of(Keys.MAX_FRAME, Integer.toString(LIMIT), Keys.MAX_MESSAGE, Integer.toString(LIMIT)));
    pair = new PairingDriver(server).pair("huge", "huge");
  }

  @AfterAll
  static void stop() {
    pair.close();
    server.close();
  }

  @Test
  void aStringPastTheParsersLimitIsInvalidJsonAndNotRelayed() {
    long before = PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel()).get("seq").asLong();
    String blob = "x".repeat(20_000_001);
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"" + pair.channel()
        + "\",\"payload\":{\"blob\":\"" + blob + "\"}}");
    pair.desktop().awaitError("INVALID_JSON");
    // had it been relayed, it would have taken the channel's next seq
    long after = PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel()).get("seq").asLong();
    assertThat(after).isEqualTo(before + 1);
    PairingDriver.assertAlive(pair.desktop());
  }

  @Test
  void aLargeMessageWithinTheParsersLimitIsRelayed() {
    String blob = "y".repeat(2_000_000);
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"" + pair.channel()
        + "\",\"payload\":{\"blob\":\"" + blob + "\"}}");
    assertThat(pair.mobile().await(m -> m.path("payload").has("blob"), "large message")
        .path("payload").path("blob").asText()).hasSize(2_000_000);
  }
}
