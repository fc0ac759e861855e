package io.switchboard.profile.assistant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.profile.assistant.audio.AudioClip;
import io.switchboard.profile.assistant.audio.Levels;
import io.switchboard.profile.assistant.audio.Spectrum;
import io.switchboard.protocol.Json;
import java.util.Comparator;
import java.util.List;

/**
 * The measured figures of a track: headroom = 0 dBFS - peak; crest factor = peak - RMS; loudness
 * offset = RMS - the target RMS of the track's kind. From the reported levels, or from the
 * samples when audio is attached (then with band energies from an FFT, too).
 */
record Figures(String source, double peakDb, double rmsDb, LoudnessTargets.Target target, Double durationS,
    Integer sampleRate, List<Spectrum.BandEnergy> bands) {

  static Figures fromLevels(AnalysisRequest r) {
    return new Figures("levels", r.peakDb(), r.rmsDb(), LoudnessTargets.forType(r.trackType()), r.duration(),
        null, List.of());
  }

  static Figures fromClip(AnalysisRequest r, AudioClip clip) {
    Levels levels = Levels.of(clip.samples());
    return new Figures("samples", levels.peakDb(), levels.rmsDb(), LoudnessTargets.forType(r.trackType()),
        clip.durationSeconds(), clip.sampleRate(), Spectrum.bands(clip.mono(), clip.sampleRate()));
  }

  double headroomDb() {
    return -peakDb;
  }

  double crestDb() {
    return peakDb - rmsDb;
  }

  double offsetDb() {
    return rmsDb - target.rmsDb();
  }

  /** The band holding the most energy, or null without a spectrum. */
  Spectrum.BandEnergy dominant() {
    return bands.stream().max(Comparator.comparingDouble(Spectrum.BandEnergy::share)).orElse(null);
  }

  double share(String... names) {
    double sum = 0;
    for (Spectrum.BandEnergy b : bands) {
      for (String n : names) {
        if (b.band().name().equals(n)) {
          sum += b.share();
        }
      }
    }
    return sum;
  }

  ObjectNode toJson() {
    ObjectNode o = Json.object().put("source", source).put("peak_dbfs", round(peakDb, 2)).put("rms_dbfs", round(rmsDb, 2))
        .put("headroom_db", round(headroomDb(), 2)).put("crest_factor_db", round(crestDb(), 2))
        .put("track_kind", target.kind()).put("loudness_target_dbfs", target.rmsDb())
        .put("loudness_offset_db", round(offsetDb(), 2));
    if (durationS != null) {
      o.put("duration_s", round(durationS, 3));
    }
    if (sampleRate != null) {
      o.put("sample_rate", sampleRate);
    }
    if (!bands.isEmpty()) {
      ArrayNode arr = o.putArray("bands");
      for (Spectrum.BandEnergy b : bands) {
        arr.addObject().put("name", b.band().name()).put("low_hz", b.band().lowHz()).put("high_hz", b.band().highHz())
            .put("share", round(b.share(), 4));
      }
      o.put("dominant_band", dominant().band().name());
    }
    return o;
  }

  static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
