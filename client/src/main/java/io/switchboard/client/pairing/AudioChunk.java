package io.switchboard.client.pairing;

import java.util.Base64;

/**
 * An {@code audio_chunk} message: base64 audio with its format and sample rate.
 *
 * @param chunkId the sender's id for the chunk (may be null)
 * @param data the audio, base64-encoded
 * @param format e.g. {@code webm} (may be null)
 * @param sampleRate e.g. 16000; 0 when not given
 */
public record AudioChunk(String chunkId, String data, String format, int sampleRate) {

  /** Encodes raw audio bytes. */
  public static AudioChunk of(String chunkId, byte[] audio, String format, int sampleRate) {
    return new AudioChunk(chunkId, Base64.getEncoder().encodeToString(audio), format, sampleRate);
  }

  /** The decoded audio bytes. */
  public byte[] bytes() {
    return Base64.getDecoder().decode(data);
  }
}
