package io.switchboard.cli.demo;

import static io.switchboard.cli.demo.DemoFailure.check;
import static io.switchboard.cli.demo.DemoFailure.checkField;
import static io.switchboard.cli.demo.PairingDemo.pad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.Arrays;
import java.util.Base64;

/**
 * The traffic of a paired channel: settings both ways (each arriving intact and never echoed to its
 * sender), a STATE_UPDATE, audio as JSON and as a binary frame, ping/pong, and the mobile leaving.
 * Each socket's messages are taken strictly in order, so anything unexpected, an echo included,
 * fails the step that meets it.
 */
final class ChannelTraffic {
  private static final int CHUNKS = 3;
  private static final int SAMPLE_RATE = 16_000;
  private static final int CHUNK_SAMPLES = 160;

  private final Transcript transcript;
  private final DemoSocket desktop;
  private final DemoSocket mobile;
  private final String channel;
  private final String mobileSession;

  ChannelTraffic(Transcript transcript, DemoSocket desktop, DemoSocket mobile, String channel, String mobileSession) {
    this.transcript = transcript;
    this.desktop = desktop;
    this.mobile = mobile;
    this.channel = channel;
    this.mobileSession = mobileSession;
  }

  void run() {
    settings(mobile, "mobile", desktop, "desktop", Json.object().put("audioGain", 75).put("autoGainEnabled", true)
        .put("chunkDuration", 3.0).put("overlapPercent", 15).put("language", "nl").put("vadEnabled", false));
    pong(mobile, "mobile", 1, "its settings_sync");
    settings(desktop, "desktop", mobile, "mobile", Json.object().put("audioGain", 60).put("vadEnabled", true));
    pong(desktop, "desktop", 2, "its settings_sync");
    stateUpdate();
    for (int i = 1; i <= CHUNKS; i++) {
      audioChunk(i);
    }
    binaryAudio();
    pong(mobile, "mobile", 3, "its audio");
    mobileLeaves();
  }

  private void settings(DemoSocket from, String fromName, DemoSocket to, String toName, ObjectNode settings) {
    transcript.step(pad(toName) + " <- settings_sync", () -> {
      transcript.note(pad(fromName) + " -> settings_sync " + settings);
      from.send(Json.object().put("type", "settings_sync").put("channelId", channel).set("settings", settings));
      JsonNode m = to.expect("settings_sync");
      checkField(m, "channelId", channel);
      check(settings.equals(m.get("settings")), "the settings arrived as " + m.get("settings") + ", sent " + settings);
      return "from the " + fromName + ", every value intact (seq " + m.path("seq").asText("?") + ")";
    });
  }

  /**
   * The sender pings; its pong must be the very next thing it receives. Anything the sender sent
   * before would have come back ahead of the pong, had the server echoed it.
   */
  private void pong(DemoSocket sender, String name, int sequence, String sent) {
    transcript.step(pad(name) + " <- pong", () -> {
      transcript.note(pad(name) + " -> ping " + sequence);
      sender.send(Json.object().put("type", "ping").put("sequence", sequence));
      Inbound in = sender.next();
      if (!(in instanceof Inbound.Text t) || !"pong".equals(t.type())) {
        throw new DemoFailure("expected pong " + sequence + ", received " + in.describe()
            + " instead (nothing the " + name + " sent may come back to it)");
      }
      JsonNode pong = ((Inbound.Text) in).json();
      check(pong.path("sequence").asLong(-1) == sequence,
          "pong.sequence is " + pong.get("sequence") + ", expected " + sequence);
      check(pong.path("timestamp").asText("").endsWith("Z"), "pong.timestamp is not ISO-8601 UTC: " + pong);
      return sequence + ", sequence echoed; nothing of " + sent + " came back to the " + name;
    });
  }

  private void stateUpdate() {
    ObjectNode payload = Json.object().put("action", "STATE_UPDATE").put("stateType", "audioSettings");
    payload.set("data", Json.object().put("audioGain", 60).put("autoGainEnabled", true).put("vadEnabled", true));
    transcript.step("mobile  <- channel_message", () -> {
      transcript.note("desktop -> channel_message " + payload);
      desktop.send(Json.object().put("type", "channel_message").put("channelId", channel).set("payload", payload));
      JsonNode m = mobile.expect("channel_message");
      checkField(m, "channelId", channel);
      check(payload.equals(m.get("payload")), "the payload arrived as " + m.get("payload") + ", sent " + payload);
      return "STATE_UPDATE audioSettings from the desktop, intact (seq " + m.path("seq").asText("?") + ")";
    });
  }

  private void audioChunk(int index) {
    String chunkId = String.format("chunk-%03d", index);
    String data = Base64.getEncoder().encodeToString(tone(CHUNK_SAMPLES * (index - 1), CHUNK_SAMPLES));
    transcript.step("desktop <- audio_chunk", () -> {
      transcript.note("mobile  -> audio_chunk " + chunkId + " (" + data.length() + " base64 characters)");
      mobile.send(Json.object().put("type", "audio_chunk").put("chunk_id", chunkId).put("data", data)
          .put("format", "pcm_s16le").put("sample_rate", SAMPLE_RATE));
      JsonNode m = desktop.expect("audio_chunk");
      checkField(m, "chunk_id", chunkId);
      checkField(m, "data", data);
      return chunkId + ", " + CHUNK_SAMPLES * 2 + " bytes of " + SAMPLE_RATE / 1000 + " kHz PCM, intact";
    });
  }

  private void binaryAudio() {
    byte[] frame = tone(CHUNK_SAMPLES * CHUNKS, CHUNK_SAMPLES * 2);
    transcript.step("desktop <- binary audio frame", () -> {
      transcript.note("mobile  -> binary frame of " + frame.length + " bytes");
      mobile.sendBinary(frame);
      byte[] got = desktop.expectBinary();
      check(Arrays.equals(frame, got), "the frame arrived as " + got.length + " different bytes");
      return frame.length + " bytes, identical";
    });
  }

  private void mobileLeaves() {
    transcript.step("desktop <- mobile_disconnected", () -> {
      transcript.note("mobile  -> close 1000");
      mobile.leave();
      JsonNode m = desktop.expect("mobile_disconnected");
      checkField(m, "session_id", mobileSession);
      checkField(m, "channel", channel);
      check(m.path("force_disconnect").isBoolean(), "force_disconnect is not a boolean: " + m);
      return mobileSession + " left " + channel + " (reason \"" + m.path("reason").asText("") + "\")";
    });
  }

  /** {@code samples} of a 440 Hz tone as 16-bit little-endian PCM, starting at sample {@code from}. */
  static byte[] tone(int from, int samples) {
    byte[] pcm = new byte[samples * 2];
    for (int i = 0; i < samples; i++) {
      short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * (from + i) / SAMPLE_RATE));
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    return pcm;
  }
}
