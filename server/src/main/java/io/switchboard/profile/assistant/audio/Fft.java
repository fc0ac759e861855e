package io.switchboard.profile.assistant.audio;

/**
 * An in-place iterative radix-2 Cooley-Tukey FFT. The length must be a power of two; the arrays
 * hold the real and imaginary parts and are overwritten with the transform.
 */
public final class Fft {
  private Fft() {}

  public static void transform(double[] re, double[] im) {
    int n = re.length;
    if (n != im.length || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
    }
    reorder(re, im);
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >> 1;
      double step = -2 * Math.PI / size;
      for (int k = 0; k < half; k++) {
        double wr = Math.cos(step * k);
        double wi = Math.sin(step * k);
        for (int start = 0; start < n; start += size) {
          int a = start + k;
          int b = a + half;
          double tr = wr * re[b] - wi * im[b];
          double ti = wr * im[b] + wi * re[b];
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }

  /** Bit-reversal permutation: element i moves to the index whose bits are i's reversed. */
  private static void reorder(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
  }
}
