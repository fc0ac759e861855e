package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.Waves;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze: figures from reported levels, and from real audio attached as base64 WAV or PCM. */
class AssistantAnalyzeTest {
  @TempDir
  Path dataDir;
  TestServer server;
  WsProbe ws;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir);
    ws = WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/ws");
    ws.await("connection");
  }

  @AfterEach
  void stop() {
    ws.close();
    server.close();
  }

  private static ObjectNode analyze(String trackType, ObjectNode audio) {
    ObjectNode m = Json.object().put("type", "analyze").put("analysis_type", "spectrum");
    m.putObject("track_data").put("track_id", "track_001").put("track_name", "Lead Vocal").put("track_type", trackType)
        .put("muted", false).put("soloed", false);
    m.set("audio_data", audio);
    return m;
  }

  @Test
  void theSeedsRequestGetsHeadroomCrestFactorAndLoudnessAgainstTheVocalTarget() {
    ws.send(analyze("vocal", Json.object().put("peak_level", -6.0).put("rms_level", -18.0).put("duration", 120.5)
        .put("sample_rate", 44100)));
    JsonNode r = ws.await("analysis_response");
    assertThat(r.path("status").asText()).isEqualTo("success");
    assertThat(r.path("trackId").asText()).isEqualTo("track_001");
    JsonNode a = r.path("analysis");
    assertThat(a.path("analysis_type").asText()).isEqualTo("spectrum");
    JsonNode f = a.path("figures");
    assertThat(f.path("source").asText()).isEqualTo("levels");
    assertThat(f.path("headroom_db").asDouble()).isEqualTo(6.0);
    assertThat(f.path("crest_factor_db").asDouble()).isEqualTo(12.0);
    assertThat(f.path("loudness_target_dbfs").asDouble()).isEqualTo(-18.0);
    assertThat(f.path("loudness_offset_db").asDouble()).isEqualTo(0.0);
    assertThat(a.path("quality_score").asDouble()).isEqualTo(1.0);
    assertThat(a.path("codette_insights").asText()).contains("6.0 dB of headroom").contains("on the -18 dBFS target");
    assertThat(a.path("mixing_suggestions").toString()).contains("high-pass filter around 80 to 100 Hz");
    assertThat(r.path("timestamp").asText()).isNotBlank();
  }

  @Test
  void aHotOverCompressedTrackScoresLowerAndIsToldWhy() {
    ws.send(analyze("bass", Json.object().put("peak_level", -0.2).put("rms_level", -4.0)));
    JsonNode a = ws.await("analysis_response").path("analysis");
    assertThat(a.path("quality_score").asDouble()).isLessThan(0.5);
    assertThat(a.path("mixing_suggestions").toString()).contains("lower the clip gain")
        .contains("above the -18 dBFS a bass usually sits at").contains("crest factor of 3.8 dB is low");
  }

  @Test
  void aSineWaveWavGivesItsPeakRmsAndDominantBand() {
    byte[] wav = Waves.sineWav(1000, 0.5, 44100, 1.0);
    ws.send(analyze("vocal", Json.object().put("audio", Base64.getEncoder().encodeToString(wav))));
    JsonNode f = ws.await("analysis_response").path("analysis").path("figures");
    assertThat(f.path("source").asText()).isEqualTo("samples");
    assertThat(f.path("peak_dbfs").asDouble()).isCloseTo(-6.02, within(0.02));
    assertThat(f.path("rms_dbfs").asDouble()).isCloseTo(-9.03, within(0.02));
    assertThat(f.path("crest_factor_db").asDouble()).isCloseTo(3.01, within(0.03));
    assertThat(f.path("headroom_db").asDouble()).isCloseTo(6.02, within(0.02));
    assertThat(f.path("sample_rate").asInt()).isEqualTo(44100);
    assertThat(f.path("duration_s").asDouble()).isEqualTo(1.0);
    assertThat(f.path("dominant_band").asText()).isEqualTo("mids");
    JsonNode mids = null;
    for (JsonNode b : f.path("bands")) {
      if (b.path("name").asText().equals("mids")) {
        mids = b;
      }
    }
    assertThat(mids.path("share").asDouble()).isGreaterThan(0.99);
  }

  @Test
  void stereoFloatPcmAt100HzIsBassHeavy() {
    byte[] pcm = Waves.sinePcmF32Stereo(100, 0.25, 48000, 0.5);
    ws.send(analyze("bass", Json.object().put("audio", Base64.getEncoder().encodeToString(pcm))
        .put("format", "pcm_f32le").put("sample_rate", 48000).put("channels", 2)));
    JsonNode f = ws.await("analysis_response").path("analysis").path("figures");
    assertThat(f.path("dominant_band").asText()).isEqualTo("bass");
    assertThat(f.path("peak_dbfs").asDouble()).isCloseTo(-12.04, within(0.02));
    assertThat(f.path("duration_s").asDouble()).isEqualTo(0.5);
  }

  @Test
  void unreadableAudioOrMissingLevelsAreInvalidMessages() {
    ws.send(analyze("vocal", Json.object().put("audio", "%%% not base64")));
    assertThat(ws.nextError("INVALID_MESSAGE").path("details").path("field").asText()).isEqualTo("audio_data.audio");
    ws.send(analyze("vocal", Json.object().put("audio", Base64.getEncoder().encodeToString("RIFF....WAVEjunk".getBytes()))));
    assertThat(ws.nextError("INVALID_MESSAGE").path("message").asText()).contains("WAV");
    ws.send(analyze("vocal", Json.object().put("peak_level", -6.0)));
    assertThat(ws.nextError("INVALID_MESSAGE").path("details").path("field").asText()).isEqualTo("audio_data");
  }
}
