package io.switchboard.profile.assistant;

import io.switchboard.profile.assistant.audio.Spectrum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns figures into what {@code analysis_response} says: suggestions, a one-paragraph insight
 * and a quality score. The score starts at 1 and loses points for too little headroom (below
 * 3 dB; 1 dB for a master), for an RMS level more than 2 dB from the kind's target, for a crest
 * factor outside the kind's usual range, and for low-end energy where it does not belong.
 */
final class Advice {
  private Advice() {}

  static double score(Figures f) {
    double score = 1;
    double headroom = f.headroomDb();
    boolean master = f.target() == LoudnessTargets.MASTER;
    if (headroom < (master ? 0.3 : 1)) {
      score -= 0.35;
    } else if (headroom < (master ? 1 : 3)) {
      score -= 0.15;
    }
    score -= Math.min(0.3, 0.05 * Math.max(0, Math.abs(f.offsetDb()) - 2));
    score -= Math.min(0.25, 0.03 * crestOutside(f));
    if (rumbleMatters(f) && f.share("sub") > 0.1) {
      score -= 0.1;
    }
    return Figures.round(Math.max(0, Math.min(1, score)), 2);
  }

  private static double crestOutside(Figures f) {
    double c = f.crestDb();
    return c < f.target().crestLowDb() ? f.target().crestLowDb() - c
        : c > f.target().crestHighDb() ? c - f.target().crestHighDb() : 0;
  }

  private static boolean rumbleMatters(Figures f) {
    LoudnessTargets.Target t = f.target();
    return t == LoudnessTargets.VOCAL || t == LoudnessTargets.INSTRUMENT || t == LoudnessTargets.FX;
  }

  static List<String> suggestions(Figures f) {
    List<String> out = new ArrayList<>();
    String kind = f.target().kind();
    if (f.headroomDb() < 1) {
      out.add(String.format(Locale.ROOT, "Peaks reach %.1f dBFS: lower the clip gain by about %.0f dB so the track "
          + "cannot clip inside the plug-ins", f.peakDb(), Math.ceil(6 - f.headroomDb())));
    } else if (f.headroomDb() > 20) {
      out.add(String.format(Locale.ROOT, "Peaks are only %.1f dBFS: raise the clip gain by about %.0f dB so plug-ins "
          + "see a healthy level", f.peakDb(), Math.floor(f.headroomDb() - 10)));
    }
    if (f.offsetDb() > 2) {
      out.add(String.format(Locale.ROOT, "The RMS level is %.1f dB above the %.0f dBFS a %s usually sits at: pull it "
          + "down or compress less", f.offsetDb(), f.target().rmsDb(), kind));
    } else if (f.offsetDb() < -2) {
      out.add(String.format(Locale.ROOT, "The RMS level is %.1f dB below the %.0f dBFS a %s usually sits at: raise it, "
          + "or compress gently to bring up its body", -f.offsetDb(), f.target().rmsDb(), kind));
    }
    double crest = f.crestDb();
    if (crest < f.target().crestLowDb()) {
      out.add(String.format(Locale.ROOT, "A crest factor of %.1f dB is low for a %s: ease off compression or limiting "
          + "to get the transients back", crest, kind));
    } else if (crest > f.target().crestHighDb()) {
      out.add(String.format(Locale.ROOT, "A crest factor of %.1f dB is high for a %s: a compressor (ratio 3:1 to 4:1, "
          + "3 to 6 dB of gain reduction) will even it out", crest, kind));
    }
    out.addAll(spectral(f));
    out.addAll(habits(f.target()));
    return out;
  }

  private static List<String> spectral(Figures f) {
    List<String> out = new ArrayList<>();
    if (f.bands().isEmpty()) {
      return out;
    }
    if (rumbleMatters(f) && f.share("sub") > 0.1) {
      out.add(String.format(Locale.ROOT, "%.0f%% of the energy sits below 60 Hz, where a %s has little to say: "
          + "a high-pass filter will free headroom", 100 * f.share("sub"), f.target().kind()));
    }
    if (f.share("upper_mids", "presence") > 0.4) {
      out.add(String.format(Locale.ROOT, "%.0f%% of the energy sits between 2 and 6 kHz: listen for harshness and try "
          + "a gentle cut there or a de-esser", 100 * f.share("upper_mids", "presence")));
    }
    if (f.target() != LoudnessTargets.BASS && f.target() != LoudnessTargets.DRUMS && f.share("low_mids") > 0.35) {
      out.add("The low mids (250 to 500 Hz) carry much of the energy: a wide cut of 2 to 4 dB there clears mud");
    }
    return out;
  }

  private static List<String> habits(LoudnessTargets.Target t) {
    if (t == LoudnessTargets.VOCAL) {
      return List.of("Apply a high-pass filter around 80 to 100 Hz", "Boost presence gently around 3 to 5 kHz",
          "Add compression (3:1 to 4:1) taking 3 to 6 dB on loud phrases");
    }
    if (t == LoudnessTargets.BASS) {
      return List.of("High-pass around 30 to 40 Hz to remove rumble",
          "Bring out definition around 700 Hz to 1.5 kHz for small speakers", "Keep the low end centred (check in mono)");
    }
    if (t == LoudnessTargets.DRUMS) {
      return List.of("Use a slower attack (around 30 ms) on drum compression to keep the transients",
          "Give kick and bass separate spots between 40 and 120 Hz");
    }
    if (t == LoudnessTargets.MASTER) {
      return List.of("Leave about 1 dB of true-peak headroom (-1 dBTP) for streaming",
          "Compare with a reference track at matched loudness");
    }
    return List.of("High-pass below the instrument's lowest useful note", "Cut before you boost, and judge EQ in context");
  }

  static String insights(Figures f, AnalysisRequest r) {
    String name = r.trackName() == null ? "This track" : r.trackName();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%s (%s) peaks at %.1f dBFS, leaving %.1f dB of headroom. Its RMS level of %.1f dBFS is %s the %.0f dBFS "
            + "target for a %s, and its crest factor of %.1f dB is %s the usual %.0f to %.0f dB.",
        name, f.target().kind(), f.peakDb(), f.headroomDb(), f.rmsDb(), relation(f.offsetDb(), 2), f.target().rmsDb(),
        f.target().kind(), f.crestDb(), crestRelation(f), f.target().crestLowDb(), f.target().crestHighDb()));
    Spectrum.BandEnergy top = f.dominant();
    if (top != null) {
      b.append(String.format(Locale.ROOT, " Most of its energy sits in the %s band (%.0f to %.0f Hz): %.0f%%.",
          top.band().name().replace('_', ' '), top.band().lowHz(), top.band().highHz(), 100 * top.share()));
    } else if ("spectrum".equalsIgnoreCase(r.analysisType())) {
      b.append(" Attach the audio (audio_data.audio, base64 WAV or PCM) for a spectrum by band.");
    }
    return b.toString();
  }

  private static String relation(double offset, double tolerance) {
    if (Math.abs(offset) <= tolerance) {
      return "on";
    }
    return String.format(Locale.ROOT, "%.1f dB %s", Math.abs(offset), offset > 0 ? "above" : "below");
  }

  private static String crestRelation(Figures f) {
    double c = f.crestDb();
    return c < f.target().crestLowDb() ? "below" : c > f.target().crestHighDb() ? "above" : "within";
  }
}
