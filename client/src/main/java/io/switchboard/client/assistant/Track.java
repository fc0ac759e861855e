package io.switchboard.client.assistant;

/**
 * The seed's {@code track_data} of an {@code analyze}.
 *
 * @param id {@code track_id}, echoed as the response's {@code trackId} (may be null)
 * @param name {@code track_name}, e.g. "Lead Vocal" (may be null)
 * @param type {@code track_type}, free text that picks the loudness target: "vocal", "kick", "bass",
 *     "master"... (may be null)
 */
public record Track(String id, String name, String type) {
  public Track {
    check(id, 128, "id");
    check(name, 256, "name");
    check(type, 64, "type");
  }

  private static void check(String value, int max, String what) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException("track " + what + " is longer than " + max + " characters");
    }
  }
}
