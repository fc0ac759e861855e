package io.switchboard.client.glasses;

/** An app's status in a user session, as {@code app_state_change} reports it. */
public enum AppStatus {
  /** Started; its app server was asked for a session and its socket is not acknowledged yet. */
  LOADING,
  /** Its socket is connected and acknowledged. */
  ACTIVE,
  /** Its app server could not be reached, or it did not come back after dropping. */
  FAILED,
  /** Stopped (or never started). */
  STOPPED,
  /** A status this client does not know. */
  UNKNOWN;

  /** The status of a wire name ({@code loading}, {@code active}, ...); {@link #UNKNOWN} when not known. */
  public static AppStatus of(String wire) {
    if (wire == null) {
      return UNKNOWN;
    }
    return switch (wire) {
      case "loading" -> LOADING;
      case "active" -> ACTIVE;
      case "failed" -> FAILED;
      case "stopped" -> STOPPED;
      default -> UNKNOWN;
    };
  }
}
