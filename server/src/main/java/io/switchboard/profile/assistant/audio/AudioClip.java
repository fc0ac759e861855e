package io.switchboard.profile.assistant.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Set;

/**
 * Decoded audio: interleaved samples scaled to -1..1, with the sample rate and channel count.
 * Decodes WAV (RIFF/WAVE; PCM 8/16/24/32-bit, IEEE float 32/64-bit, also WAVE_FORMAT_EXTENSIBLE)
 * or headerless little-endian PCM in one of {@link #PCM_FORMATS}. Malformed input throws
 * IllegalArgumentException with a reason a client can act on.
 */
public record AudioClip(float[] samples, int sampleRate, int channels) {
  public static final Set<String> PCM_FORMATS = Set.of("pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le");
  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  /** Whether the bytes start like a WAV file. */
  public static boolean isWav(byte[] b) {
    return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'A' && b[10] == 'V' && b[11] == 'E';
  }

  public static AudioClip wav(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (!isWav(bytes)) {
      throw new IllegalArgumentException("not a WAV file (no RIFF/WAVE header)");
    }
    in.position(12);
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (in.remaining() >= 8) {
      String id = new String(bytes, in.position(), 4, java.nio.charset.StandardCharsets.US_ASCII);
      in.position(in.position() + 4);
      int size = in.getInt();
      if (size < 0 || size > in.remaining()) {
        size = in.remaining();
      }
      int body = in.position();
      if (id.equals("fmt ") && size >= 16) {
        format = in.getShort() & 0xFFFF;
        channels = in.getShort() & 0xFFFF;
        rate = in.getInt();
        in.position(body + 14);
        bits = in.getShort() & 0xFFFF;
        if (format == FORMAT_EXTENSIBLE && size >= 26) {
          in.position(body + 24);
          format = in.getShort() & 0xFFFF;
        }
      } else if (id.equals("data")) {
        if (format < 0) {
          throw new IllegalArgumentException("WAV data chunk before its fmt chunk");
        }
        return decode(bytes, body, size, encoding(format, bits), rate, channels);
      }
      in.position(Math.min(bytes.length, body + size + (size & 1)));
    }
    throw new IllegalArgumentException("WAV file without a data chunk");
  }

  public static AudioClip pcm(byte[] bytes, String format, int sampleRate, int channels) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!PCM_FORMATS.contains(f)) {
      throw new IllegalArgumentException("unsupported PCM format " + format + "; use one of " + PCM_FORMATS);
    }
    return decode(bytes, 0, bytes.length, f, sampleRate, channels);
  }

  private static String encoding(int format, int bits) {
    if (format == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) {
      return bits == 8 ? "pcm_u8" : "pcm_s" + bits + "le";
    }
    if (format == FORMAT_FLOAT && (bits == 32 || bits == 64)) {
      return "pcm_f" + bits + "le";
    }
    throw new IllegalArgumentException("unsupported WAV encoding (format " + format + ", " + bits + " bits); "
        + "use PCM 8/16/24/32-bit or float 32/64-bit");
  }

  private static AudioClip decode(byte[] bytes, int offset, int length, String enc, int rate, int channels) {
    if (rate < 1000 || rate > 384_000) {
      throw new IllegalArgumentException("sample rate must be 1000 to 384000 Hz, got " + rate);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be 1 to 8, got " + channels);
    }
    int width = switch (enc) {
      case "pcm_u8" -> 1;
      case "pcm_s16le" -> 2;
      case "pcm_s24le" -> 3;
      case "pcm_f64le" -> 8;
      default -> 4;
    };
    int count = length / width / channels * channels;
    if (count == 0) {
      throw new IllegalArgumentException("no audio samples");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = sample(in, enc);
    }
    return new AudioClip(out, rate, channels);
  }

  private static float sample(ByteBuffer in, String enc) {
    return switch (enc) {
      case "pcm_u8" -> ((in.get() & 0xFF) - 128) / 128f;
      case "pcm_s16le" -> in.getShort() / 32768f;
      case "pcm_s24le" -> {
        int v = (in.get() & 0xFF) | (in.get() & 0xFF) << 8 | in.get() << 16;
        yield v / 8388608f;
      }
      case "pcm_s32le" -> (float) (in.getInt() / 2147483648.0);
      case "pcm_f64le" -> (float) in.getDouble();
      default -> in.getFloat();
    };
  }

  /** The channels averaged into one. */
  public float[] mono() {
    if (channels == 1) {
      return samples;
    }
    float[] out = new float[samples.length / channels];
    for (int i = 0; i < out.length; i++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += samples[i * channels + c];
      }
      out[i] = sum / channels;
    }
    return out;
  }

  public double durationSeconds() {
    return (double) samples.length / channels / sampleRate;
  }
}
