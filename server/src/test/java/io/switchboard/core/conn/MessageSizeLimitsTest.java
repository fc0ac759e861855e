package io.switchboard.core.conn;

import static io.switchboard.testing.PairingDriver.assertAlive;
import static io.switchboard.testing.PairingDriver.relayMarker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.RawFrameSocket;
import io.switchboard.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size limits with the defaults: a non-audio JSON message up to limits.max-message-bytes (64 KiB,
 * counted in UTF-8 bytes) is served, a larger one gets PAYLOAD_TOO_LARGE and the connection lives
 * on; audio may be larger, up to limits.max-frame-bytes (1 MiB) per frame and per message; beyond
 * that the connection is closed 1009.
 */
class MessageSizeLimitsTest {
  private static final int MAX_MESSAGE = 65_536;
  private static final int MAX_FRAME = 1_048_576;

  @TempDir
  static Path dataDir;
  static TestServer server;
  static PairingDriver driver;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    driver = new PairingDriver(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A channel_message whose text is padded so the whole message has exactly {@code bytes} bytes. */
  private static String channelMessageOf(String channel, int bytes) {
    String head = "{\"type\":\"channel_message\",\"channelId\":\"" + channel + "\",\"payload\":{\"text\":\"";
    String tail = "\"}}";
    String message = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return message;
  }

  /** An audio_chunk of exactly {@code bytes} bytes. */
  private static String audioChunkOf(int bytes) {
    String head = "{\"type\":\"audio_chunk\",\"chunk_id\":\"big\",\"format\":\"webm\",\"sample_rate\":16000,\"data\":\"";
    return head + "A".repeat(bytes - head.length() - 2) + "\"}";
  }

  private static String wsToken(String user) {
    return driver.wsToken(server.userToken(user), "mobile");
  }

  @Test
  void nonAudioMessagesAreLimitedTo64KibOfUtf8() {
    try (Pair p = driver.pair("liz", "size")) {
      int mark = p.desktop().mark();
      String exactly = channelMessageOf(p.channel(), MAX_MESSAGE);
      p.mobile().send(exactly);
      JsonNode atLimit = p.desktop().await("channel_message");
      assertThat(atLimit.get("payload")).isEqualTo(Json.parseOrNull(exactly).get("payload"));

      p.mobile().send(channelMessageOf(p.channel(), MAX_MESSAGE + 1));
      JsonNode tooLarge = p.mobile().next();
      assertThat(tooLarge.path("code").asText()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
      assertThat(tooLarge.path("details").path("max_bytes").asInt()).isEqualTo(MAX_MESSAGE);
      // Fewer characters than the limit, more bytes: three bytes per euro sign.
      String euros = Json.write(PairingDriver.channelMessage(p.channel(),
          Json.object().put("text", "€".repeat(22_000))));
      assertThat(euros.length()).isLessThan(MAX_MESSAGE / 2);
      assertThat(euros.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_MESSAGE);
      p.mobile().send(euros);
      assertThat(p.mobile().next().path("code").asText()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
      // The size is checked before the content: an oversized settings_sync is too large, not invalid.
      p.mobile().send(Json.object().put("type", "settings_sync").put("channelId", p.channel())
          .set("settings", Json.object().put("model", "m".repeat(MAX_MESSAGE))));
      assertThat(p.mobile().next().path("code").asText()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);

      assertAlive(p.mobile());
      JsonNode marker = relayMarker(p.mobile(), p.desktop(), p.channel());
      assertThat(p.desktop().seenSince(mark)).containsExactly(atLimit, marker);
      assertThat(marker.get("seq").asLong()).isEqualTo(atLimit.get("seq").asLong() + 1);
    }
  }

  @Test
  void audioOfTwoHundredKilobytesIsRelayed() {
    try (Pair p = driver.pair("max", "audio")) {
      Random random = new Random(7);
      byte[] samples = new byte[150_000];
      random.nextBytes(samples);
      String data = Base64.getEncoder().encodeToString(samples);
      assertThat(data).hasSize(200_000);
      p.mobile().send(Json.object().put("type", "audio_chunk").put("chunk_id", "chunk-big").put("data", data)
          .put("format", "webm").put("sample_rate", 16000));
      JsonNode chunk = p.desktop().await("audio_chunk");
      assertThat(chunk.get("data").asText()).isEqualTo(data);

      byte[] frame = new byte[200_000];
      random.nextBytes(frame);
      p.mobile().sendBinary(frame);
      assertThat(p.desktop().awaitBinary()).isEqualTo(ByteBuffer.wrap(frame));
      assertAlive(p.mobile());
    }
  }

  @Test
  void aFrameBeyondTheFrameLimitCloses1009() {
    try (RawFrameSocket raw = RawFrameSocket.connect(server.pairingPort(), "/ws?token=" + wsToken("ned"))) {
      assertThat(raw.readText()).contains("\"connected\"");
      // A frame of exactly the limit is read and answered (audio needs a channel first).
      raw.frame(RawFrameSocket.TEXT, true, audioChunkOf(MAX_FRAME).getBytes(StandardCharsets.US_ASCII));
      assertThat(Json.parseOrNull(raw.readText()).path("code").asText()).isEqualTo(ErrorCode.INVALID_CHANNEL);
      raw.announceFrame(RawFrameSocket.TEXT, MAX_FRAME + 1);
      RawFrameSocket.Frame close = raw.awaitClose();
      assertThat(close.closeCode()).isEqualTo(CloseCodes.TOO_BIG);
      assertThat(close.closeReason()).isEqualTo("Message too big");
    }
  }

  @Test
  void aMessageBeyondTheLimitInSeveralFramesCloses1009() {
    try (RawFrameSocket raw = RawFrameSocket.connect(server.pairingPort(), "/ws?token=" + wsToken("ola"))) {
      assertThat(raw.readText()).contains("\"connected\"");
      byte[] atLimit = audioChunkOf(MAX_FRAME).getBytes(StandardCharsets.US_ASCII);
      int half = MAX_FRAME / 2;
      raw.frame(RawFrameSocket.TEXT, false, Arrays.copyOfRange(atLimit, 0, half));
      raw.frame(RawFrameSocket.CONTINUATION, true, Arrays.copyOfRange(atLimit, half, MAX_FRAME));
      assertThat(Json.parseOrNull(raw.readText()).path("code").asText()).isEqualTo(ErrorCode.INVALID_CHANNEL);

      byte[] over = audioChunkOf(MAX_FRAME + 2).getBytes(StandardCharsets.US_ASCII);
      raw.frame(RawFrameSocket.TEXT, false, Arrays.copyOfRange(over, 0, half));
      raw.frame(RawFrameSocket.CONTINUATION, false, Arrays.copyOfRange(over, half, MAX_FRAME));
      raw.frame(RawFrameSocket.CONTINUATION, true, Arrays.copyOfRange(over, MAX_FRAME, over.length));
      assertThat(raw.awaitCloseCode()).isEqualTo(CloseCodes.TOO_BIG);
    }
  }

  @Test
  void anOversizedMessageFromAMemberClosesItAndItsPartnerIsTold() {
    try (Pair p = driver.pair("pia", "huge")) {
      p.mobile().sendAsync(audioChunkOf(MAX_FRAME + 100_000));
      assertThat(p.mobile().awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
      JsonNode gone = p.desktop().await("mobile_disconnected");
      assertThat(gone.get("session_id").asText()).isEqualTo(p.mobileSession());
      assertThat(p.desktop().seen()).noneMatch(m -> m.path("type").asText().equals("audio_chunk"));
      assertAlive(p.desktop());
    }
  }
}
