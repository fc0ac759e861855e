package io.switchboard.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Generated test audio: sine waves as 16-bit WAV files or float PCM. */
public final class Waves {
  private Waves() {}

  /** A mono 16-bit WAV file of a sine wave. */
  public static byte[] sineWav(double hz, double amplitude, int sampleRate, double seconds) {
    int n = (int) (sampleRate * seconds);
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
        .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(2 * n);
    for (int i = 0; i < n; i++) {
      b.putShort((short) Math.round(32767 * amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate)));
    }
    return b.array();
  }

  /** Interleaved stereo 32-bit float PCM (little-endian) of the same sine on both channels. */
  public static byte[] sinePcmF32Stereo(double hz, double amplitude, int sampleRate, double seconds) {
    int n = (int) (sampleRate * seconds);
    ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
      b.putFloat(v).putFloat(v);
    }
    return b.array();
  }
}
