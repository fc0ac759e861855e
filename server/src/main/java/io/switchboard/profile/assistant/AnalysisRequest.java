package io.switchboard.profile.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Fields;
import io.switchboard.profile.assistant.audio.AudioClip;
import java.util.Base64;

/**
 * A parsed {@code analyze} message: the track, its reported levels (dBFS) and, optionally, real
 * audio as base64 WAV or PCM in {@code audio_data.audio} ({@code audio_data.format}: {@code wav}
 * or a PCM format; without it, WAV is recognised by its header and anything else is read as
 * {@code pcm_s16le}; PCM takes {@code audio_data.sample_rate} and {@code audio_data.channels}).
 */
record AnalysisRequest(String trackId, String trackName, String trackType, String analysisType, Double peakDb,
    Double rmsDb, Double duration, byte[] audio, String format, int sampleRate, int channels) {

  boolean hasAudio() {
    return audio != null;
  }

  /** Reads the message; validation failures land in {@code f}. */
  static AnalysisRequest parse(ObjectNode msg, Fields f) {
    ObjectNode track = object(msg, "track_data", f);
    ObjectNode audio = object(msg, "audio_data", f);
    String analysisType = f.optionalString("analysis_type", 64);
    Fields t = new Fields(track);
    String trackId = t.optionalString("track_id", 128);
    String trackName = t.optionalString("track_name", 256);
    String trackType = t.optionalString("track_type", 64);
    Fields a = new Fields(audio);
    Double peak = level(audio, "peak_level", f);
    Double rms = level(audio, "rms_level", f);
    Double duration = number(audio, "duration", f);
    String data = a.optionalString("audio", Integer.MAX_VALUE);
    String format = a.optionalString("format", 32);
    long rate = a.optionalLong("sample_rate", 1000, 44100);
    long channels = a.optionalLong("channels", 1, 1);
    nested(f, "track_data", t);
    nested(f, "audio_data", a);
    byte[] bytes = decode(data, f);
    if (f.ok() && bytes == null && (peak == null || rms == null)) {
      f.fail("audio_data", "needs peak_level and rms_level (dBFS), or audio (base64 WAV or PCM)");
    }
    return new AnalysisRequest(trackId, trackName, trackType, analysisType == null ? "spectrum" : analysisType,
        peak, rms, duration, bytes, format, (int) Math.min(rate, Integer.MAX_VALUE), (int) Math.min(channels, 64));
  }

  /** Decodes the attached audio; malformed input lands in {@code f}. */
  AudioClip clip(Fields f) {
    try {
      boolean wav = format == null ? AudioClip.isWav(audio) : format.equalsIgnoreCase("wav");
      return wav ? AudioClip.wav(audio) : AudioClip.pcm(audio, format == null ? "pcm_s16le" : format, sampleRate,
          channels);
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      return f.fail("audio_data.audio", "is not audio this server can read: " + e.getMessage());
    }
  }

  private static ObjectNode object(ObjectNode msg, String field, Fields f) {
    JsonNode v = msg.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return v instanceof ObjectNode o ? o : f.fail(field, "must be an object");
  }

  private static Double number(ObjectNode o, String field, Fields f) {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      return f.fail("audio_data." + field, "must be a number");
    }
    return v.asDouble();
  }

  private static Double level(ObjectNode o, String field, Fields f) {
    Double v = number(o, field, f);
    if (v != null && (v > 24 || v < -200)) {
      return f.fail("audio_data." + field, "must be a level in dBFS (-200 to 24)");
    }
    return v;
  }

  private static void nested(Fields f, String parent, Fields inner) {
    if (f.ok() && !inner.ok()) {
      f.fail(parent + "." + inner.failure().details().get("field"), String.valueOf(inner.failure().details().get("reason")));
    }
  }

  private static byte[] decode(String data, Fields f) {
    if (data == null) {
      return null;
    }
    String b64 = data.startsWith("data:") && data.contains(",") ? data.substring(data.indexOf(',') + 1) : data;
    try {
      return Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return f.fail("audio_data.audio", "must be base64");
    }
  }
}
