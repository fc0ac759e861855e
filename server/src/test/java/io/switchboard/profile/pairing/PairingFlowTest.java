package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's Quick Start Checklist for desktop and mobile, message by message, over real sockets. */
class PairingFlowTest {
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

  @Test
  void quickStartChecklistDesktopAndMobile() {
    String jwt = server.userToken("alice");

    // Desktop: ws token, code, connect, identify, join.
    String desktopToken = driver.wsToken(jwt, "desktop");
    Http.Reply gen = driver.generate(jwt, "desktop-session-123");
    assertThat(gen.status()).isEqualTo(200);
    String code = gen.body().get("code").asText();
    assertThat(code).matches("\\d{6}");
    assertThat(gen.body().get("channel_id").asText()).isEqualTo("pair-" + code);
    assertThat(gen.body().get("channelId").asText()).isEqualTo("pair-" + code);
    assertThat(gen.body().get("expiresIn").asInt()).isEqualTo(300);
    assertThat(gen.body().get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    String channel = gen.body().get("channel_id").asText();

    WsProbe desktop = WsProbe.connect("ws://127.0.0.1:" + server.pairingPort() + "/ws?token=" + desktopToken);
    JsonNode connected = desktop.next();
    assertThat(connected.get("type").asText()).isEqualTo("connected");
    assertThat(connected.get("client_id").asText()).isNotBlank();
    desktop.send(PairingDriver.identify("desktop", "desktop-session-123"));
    JsonNode identified = desktop.next();
    assertThat(identified.get("type").asText()).isEqualTo("identified");
    assertThat(identified.get("device_type").asText()).isEqualTo("desktop");
    assertThat(identified.get("session_id").asText()).isEqualTo("desktop-session-123");
    desktop.send(PairingDriver.join(channel, "desktop", "desktop-session-123"));
    JsonNode joined = desktop.next();
    assertThat(joined.get("type").asText()).isEqualTo("channel_joined");
    assertThat(joined.get("channel").asText()).isEqualTo(channel);
    assertThat(joined.get("members")).hasSize(1);
    assertThat(joined.get("paired").asBoolean()).isFalse();

    // Mobile: ws token, pair with the code, connect, identify, join.
    String mobileToken = driver.wsToken(jwt, "mobile");
    Http.Reply paired = driver.pairDevice(jwt, code, "mobile-session-456");
    assertThat(paired.status()).isEqualTo(200);
    assertThat(paired.body().get("success").asBoolean()).isTrue();
    assertThat(paired.body().get("channel_id").asText()).isEqualTo(channel);
    assertThat(paired.body().get("channelId").asText()).isEqualTo(channel);
    assertThat(paired.body().get("message").asText()).isEqualTo("Device paired successfully");

    WsProbe mobile = WsProbe.connect("ws://127.0.0.1:" + server.pairingPort() + "/ws?token=" + mobileToken);
    assertThat(mobile.next().get("type").asText()).isEqualTo("connected");
    mobile.send(PairingDriver.identify("mobile", "mobile-session-456"));
    assertThat(mobile.next().get("type").asText()).isEqualTo("identified");
    mobile.send(PairingDriver.join(channel, "mobile", "mobile-session-456"));
    JsonNode mobileJoined = mobile.next();
    assertThat(mobileJoined.get("type").asText()).isEqualTo("channel_joined");
    assertThat(mobileJoined.get("members")).hasSize(2);
    assertThat(mobileJoined.get("paired").asBoolean()).isTrue();
    JsonNode mobileSuccess = mobile.next();
    assertThat(mobileSuccess.get("type").asText()).isEqualTo("pairing_success");
    assertThat(mobileSuccess.get("code").asText()).isEqualTo(code);
    assertThat(mobileSuccess.get("channelId").asText()).isEqualTo(channel);

    JsonNode clientJoined = desktop.next();
    assertThat(clientJoined.get("type").asText()).isEqualTo("client_joined");
    assertThat(clientJoined.get("client_id").asText()).isEqualTo("mobile-session-456");
    assertThat(clientJoined.get("device_type").asText()).isEqualTo("mobile");
    JsonNode desktopSuccess = desktop.next();
    assertThat(desktopSuccess.get("type").asText()).isEqualTo("pairing_success");
    assertThat(desktopSuccess.get("channelId").asText()).isEqualTo(channel);

    // Mobile syncs settings; desktop receives them (and the sender gets nothing back).
    mobile.send(Json.object().put("type", "settings_sync").put("channelId", channel)
        .set("settings", Json.object().put("audioGain", 75).put("autoGainEnabled", true).put("chunkDuration", 3.0)
            .put("overlapPercent", 15).put("paragraphBreakDuration", 2.0).put("language", "nl")
            .put("model", "whisper-1").put("vadEnabled", false)));
    JsonNode sync = desktop.next();
    assertThat(sync.get("type").asText()).isEqualTo("settings_sync");
    assertThat(sync.get("settings").get("audioGain").asInt()).isEqualTo(75);
    assertThat(sync.get("settings").get("language").asText()).isEqualTo("nl");
    long firstSeq = sync.get("seq").asLong();
    assertThat(firstSeq).isPositive();

    // Desktop syncs back, and sends a STATE_UPDATE channel message.
    desktop.send(Json.object().put("type", "settings_sync").put("channelId", channel)
        .set("settings", Json.object().put("audioGain", 60)));
    JsonNode back = mobile.next();
    assertThat(back.get("type").asText()).isEqualTo("settings_sync");
    assertThat(back.get("settings").get("audioGain").asInt()).isEqualTo(60);
    assertThat(back.get("seq").asLong()).isGreaterThan(firstSeq);

    JsonNode stateUpdate = Json.object().put("type", "channel_message").put("channelId", channel)
        .set("payload", Json.object().put("action", "STATE_UPDATE").put("stateType", "audioSettings")
            .set("data", Json.object().put("audioGain", 75).put("autoGainEnabled", true).put("vadEnabled", false)));
    desktop.send(stateUpdate);
    JsonNode received = mobile.next();
    assertThat(received.get("type").asText()).isEqualTo("channel_message");
    assertThat(received.get("payload").get("action").asText()).isEqualTo("STATE_UPDATE");
    assertThat(received.get("payload").get("data").get("audioGain").asInt()).isEqualTo(75);

    // Mobile sends audio chunks as JSON and as binary; desktop gets them as sent.
    for (int i = 0; i < 3; i++) {
      mobile.send(Json.object().put("type", "audio_chunk").put("chunk_id", "chunk-00" + i)
          .put("data", "AAECAwQ=").put("format", "webm").put("sample_rate", 16000));
      JsonNode chunk = desktop.next();
      assertThat(chunk.get("type").asText()).isEqualTo("audio_chunk");
      assertThat(chunk.get("chunk_id").asText()).isEqualTo("chunk-00" + i);
      assertThat(chunk.get("data").asText()).isEqualTo("AAECAwQ=");
    }
    mobile.sendBinary(new byte[] {1, 2, 3, 4});
    ByteBuffer bin = desktop.awaitBinary();
    assertThat(bin.remaining()).isEqualTo(4);

    // Ping echoes the sequence.
    mobile.send("{\"type\":\"ping\",\"sequence\":1}");
    JsonNode pong = mobile.next();
    assertThat(pong.get("type").asText()).isEqualTo("pong");
    assertThat(pong.get("sequence").asInt()).isEqualTo(1);
    assertThat(pong.get("timestamp").asText()).endsWith("Z");

    // Mobile leaves: desktop is told.
    mobile.close();
    JsonNode gone = desktop.await("mobile_disconnected");
    assertThat(gone.get("session_id").asText()).isEqualTo("mobile-session-456");
    assertThat(gone.get("channel").asText()).isEqualTo(channel);
    assertThat(gone.get("force_disconnect").asBoolean()).isFalse();

    // Nothing was ever echoed back to a sender.
    assertThat(mobile.seen()).noneMatch(m -> m.path("type").asText().equals("settings_sync")
        && m.path("settings").path("audioGain").asInt() == 75);
    assertThat(desktop.seen()).noneMatch(m -> m.path("type").asText().equals("channel_message"));
    desktop.close();
  }

  @Test
  void tokenMayComeAsSubprotocol() {
    String jwt = server.userToken("carol");
    String token = driver.wsToken(jwt, "desktop");
    try (WsProbe p = WsProbe.connectWithSubprotocol("ws://127.0.0.1:" + server.pairingPort() + "/ws",
        "Bearer." + token)) {
      assertThat(p.next().get("type").asText()).isEqualTo("connected");
      assertThat(p.socket().getSubprotocol()).isEqualTo("Bearer." + token);
    }
  }
}
