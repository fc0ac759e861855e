package io.switchboard.profile.assistant.audio;

/**
 * Peak and RMS of samples in dBFS, where 1.0 is full scale: {@code 20·log10(max |x|)} and
 * {@code 20·log10(sqrt(mean x²))}. A full-scale sine thus reads 0 dBFS peak and -3.01 dBFS RMS
 * (no +3 dB "AES17" offset). Silence reads -inf, reported as {@link #FLOOR_DB}.
 */
public record Levels(double peakDb, double rmsDb) {
  public static final double FLOOR_DB = -120;

  public static Levels of(float[] samples) {
    double peak = 0;
    double sum = 0;
    for (float s : samples) {
      double a = Math.abs(s);
      peak = Math.max(peak, a);
      sum += (double) s * s;
    }
    double rms = samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    return new Levels(db(peak), db(rms));
  }

  static double db(double amplitude) {
    return amplitude <= 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(amplitude));
  }
}
