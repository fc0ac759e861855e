package io.switchboard.profile.assistant;

import java.util.Locale;

/**
 * What a track of a kind usually measures in a mix that peaks around -6 dBFS on the bus: an RMS
 * level to aim for and a usual crest-factor range. These are the starting points of the bundled
 * knowledge base's loudness notes, not rules; a master's target approximates -14 LUFS with RMS.
 */
final class LoudnessTargets {
  private LoudnessTargets() {}

  /** A kind of track and its figures. */
  record Target(String kind, double rmsDb, double crestLowDb, double crestHighDb) {}

  static final Target VOCAL = new Target("vocal", -18, 8, 16);
  static final Target BASS = new Target("bass", -18, 6, 14);
  static final Target DRUMS = new Target("drums", -16, 12, 24);
  static final Target INSTRUMENT = new Target("instrument", -20, 8, 18);
  static final Target FX = new Target("fx", -24, 8, 20);
  static final Target MASTER = new Target("master", -14, 6, 14);
  static final Target OTHER = new Target("other", -18, 8, 18);

  /** The target for a client's track type (free text such as "vocal", "Lead vocals", "kick"). */
  static Target forType(String trackType) {
    String t = trackType == null ? "" : trackType.toLowerCase(Locale.ROOT);
    if (t.matches(".*(vocal|voice|vox|singer|choir).*")) {
      return VOCAL;
    }
    if (t.matches(".*(bass|808|sub).*")) {
      return BASS;
    }
    if (t.matches(".*(drum|kick|snare|hat|tom|cymbal|overhead|perc).*")) {
      return DRUMS;
    }
    if (t.matches(".*(master|mix|bus|stereo).*")) {
      return MASTER;
    }
    if (t.matches(".*(fx|effect|reverb|delay|ambien).*")) {
      return FX;
    }
    if (t.matches(".*(guitar|key|piano|synth|pad|organ|string|brass|instrument).*")) {
      return INSTRUMENT;
    }
    return OTHER;
  }
}
