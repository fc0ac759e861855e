package io.switchboard.profile.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.profile.assistant.audio.AudioClip;
import io.switchboard.profile.assistant.audio.Fft;
import io.switchboard.profile.assistant.audio.Levels;
import io.switchboard.profile.assistant.audio.Spectrum;
import io.switchboard.testing.Waves;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FFT against a plain DFT, levels of known signals, and WAV decoding. */
class AssistantAudioMathTest {
  @Test
  void fftMatchesADirectDft() {
    int n = 64;
    Random random = new Random(7);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = random.nextGaussian();
      im[i] = random.nextGaussian();
    }
    double[] dftRe = new double[n];
    double[] dftIm = new double[n];
    for (int k = 0; k < n; k++) {
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * k * t / n;
        dftRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
        dftIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
      }
    }
    Fft.transform(re, im);
    for (int k = 0; k < n; k++) {
      assertThat(re[k]).isCloseTo(dftRe[k], within(1e-9));
      assertThat(im[k]).isCloseTo(dftIm[k], within(1e-9));
    }
  }

  @Test
  void aPureToneOnABinLandsInThatBinOnly() {
    int n = 1024;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = Math.cos(2 * Math.PI * 10 * i / n);
    }
    Fft.transform(re, im);
    assertThat(Math.hypot(re[10], im[10])).isCloseTo(n / 2.0, within(1e-6));
    assertThat(Math.hypot(re[11], im[11])).isCloseTo(0, within(1e-6));
  }

  @Test
  void levelsOfAFullScaleSineAndOfSilence() {
    AudioClip clip = AudioClip.wav(Waves.sineWav(441, 1.0, 44100, 1.0));
    Levels l = Levels.of(clip.samples());
    assertThat(l.peakDb()).isCloseTo(0, within(0.01));
    assertThat(l.rmsDb()).isCloseTo(-3.01, within(0.01));
    assertThat(Levels.of(new float[100]).peakDb()).isEqualTo(Levels.FLOOR_DB);
  }

  @Test
  void bandsFollowTheTone() {
    AudioClip clip = AudioClip.wav(Waves.sineWav(8000, 0.5, 44100, 0.5));
    var bands = Spectrum.bands(clip.mono(), clip.sampleRate());
    var top = bands.stream().max(java.util.Comparator.comparingDouble(Spectrum.BandEnergy::share)).orElseThrow();
    assertThat(top.band().name()).isEqualTo("brilliance");
    assertThat(bands.stream().mapToDouble(Spectrum.BandEnergy::share).sum()).isCloseTo(1.0, within(1e-6));
  }
}
