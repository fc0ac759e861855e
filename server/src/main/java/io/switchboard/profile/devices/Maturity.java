package io.switchboard.profile.devices;

/** How far an agent is trusted, lowest first. */
public enum Maturity {
  STUDENT, INTERN, SUPERVISED, AUTONOMOUS;

  public boolean atLeast(Maturity required) {
    return compareTo(required) >= 0;
  }

  /** Parses a level, case-insensitively; null when it is not one. */
  public static Maturity parse(String s) {
    if (s == null) {
      return null;
    }
    for (Maturity m : values()) {
      if (m.name().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    return null;
  }
}
