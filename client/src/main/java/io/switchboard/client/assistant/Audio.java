package io.switchboard.client.assistant;

import java.util.Objects;

/**
 * The seed's {@code audio_data} of an {@code analyze}: the track's reported levels, or real audio
 * whose figures the server measures from the samples (or both).
 *
 * @param peakLevel peak level in dBFS (-200 to 24), or null
 * @param rmsLevel RMS level in dBFS (-200 to 24), or null
 * @param duration seconds, or null
 * @param sampleRate for PCM, or as reported; null: the server's default (44100)
 * @param data a WAV file or headerless PCM, sent as base64; null for levels only
 * @param format {@code wav}, {@code pcm_s16le}, {@code pcm_s24le}, {@code pcm_s32le} or
 *     {@code pcm_f32le}; null: WAV when the data has a RIFF/WAVE header, else {@code pcm_s16le}
 * @param channels for PCM; null: 1
 */
public record Audio(Double peakLevel, Double rmsLevel, Double duration, Integer sampleRate, byte[] data, String format,
    Integer channels) {
  public Audio {
    level(peakLevel, "peakLevel");
    level(rmsLevel, "rmsLevel");
    if (data == null && (peakLevel == null || rmsLevel == null)) {
      throw new IllegalArgumentException("needs peakLevel and rmsLevel, or audio data");
    }
    data = data == null ? null : data.clone();
  }

  /** A copy of the audio data, or null. */
  @Override
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  private static void level(Double v, String what) {
    if (v != null && (!Double.isFinite(v) || v < -200 || v > 24)) {
      throw new IllegalArgumentException(what + " must be a level in dBFS (-200 to 24)");
    }
  }

  /** Reported levels, as in the seed's example. */
  public static Audio levels(double peakDb, double rmsDb, double durationSeconds, int sampleRate) {
    return new Audio(peakDb, rmsDb, durationSeconds, sampleRate, null, null, null);
  }

  /** A WAV file (PCM 8/16/24/32-bit or float, up to 8 channels). */
  public static Audio wav(byte[] wav) {
    return new Audio(null, null, null, null, Objects.requireNonNull(wav, "wav"), "wav", null);
  }

  /** Headerless PCM in one of the formats above. */
  public static Audio pcm(byte[] pcm, String format, int sampleRate, int channels) {
    return new Audio(null, null, null, sampleRate, Objects.requireNonNull(pcm, "pcm"), format, channels);
  }
}
