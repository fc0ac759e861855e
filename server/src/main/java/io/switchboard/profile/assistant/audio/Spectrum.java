package io.switchboard.profile.assistant.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Energy per frequency band of a mono signal: the power spectrum averaged over Hann-windowed
 * frames that overlap by half (Welch's method), summed per band and given as a share of the
 * energy between 20 Hz and the Nyquist frequency.
 */
public final class Spectrum {
  /** The bands reported, in mixing engineers' usual names. */
  public static final List<Band> BANDS = List.of(
      new Band("sub", 20, 60), new Band("bass", 60, 250), new Band("low_mids", 250, 500),
      new Band("mids", 500, 2000), new Band("upper_mids", 2000, 4000), new Band("presence", 4000, 6000),
      new Band("brilliance", 6000, 20000));
  static final int MAX_FRAME = 4096;
  static final int MIN_FRAME = 256;

  /** A band, from {@code lowHz} (inclusive) to {@code highHz} (exclusive). */
  public record Band(String name, double lowHz, double highHz) {}

  /** One band's share of the energy (0..1). */
  public record BandEnergy(Band band, double share) {}

  private Spectrum() {}

  /** The band energies; empty when the signal is shorter than one frame or silent. */
  public static List<BandEnergy> bands(float[] mono, int sampleRate) {
    int frame = frameSize(mono.length);
    if (frame == 0) {
      return List.of();
    }
    double[] power = averagePower(mono, frame);
    double binHz = (double) sampleRate / frame;
    double[] perBand = new double[BANDS.size()];
    double total = 0;
    for (int k = 1; k < power.length; k++) {
      double f = k * binHz;
      if (f < 20) {
        continue;
      }
      total += power[k];
      for (int b = 0; b < BANDS.size(); b++) {
        if (f >= BANDS.get(b).lowHz() && f < BANDS.get(b).highHz()) {
          perBand[b] += power[k];
        }
      }
    }
    if (total <= 0) {
      return List.of();
    }
    List<BandEnergy> out = new ArrayList<>();
    for (int b = 0; b < BANDS.size(); b++) {
      out.add(new BandEnergy(BANDS.get(b), perBand[b] / total));
    }
    return out;
  }

  static int frameSize(int length) {
    if (length < MIN_FRAME) {
      return 0;
    }
    return Math.min(MAX_FRAME, Integer.highestOneBit(length));
  }

  /** The power of bins 0..frame/2, averaged over the frames. */
  private static double[] averagePower(float[] x, int frame) {
    double[] window = new double[frame];
    for (int i = 0; i < frame; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (frame - 1));
    }
    double[] power = new double[frame / 2 + 1];
    double[] re = new double[frame];
    double[] im = new double[frame];
    int frames = 0;
    for (int start = 0; start + frame <= x.length; start += frame / 2) {
      for (int i = 0; i < frame; i++) {
        re[i] = x[start + i] * window[i];
        im[i] = 0;
      }
      Fft.transform(re, im);
      for (int k = 0; k < power.length; k++) {
        power[k] += re[k] * re[k] + im[k] * im[k];
      }
      frames++;
    }
    for (int k = 0; k < power.length; k++) {
      power[k] /= frames;
    }
    return power;
  }
}
