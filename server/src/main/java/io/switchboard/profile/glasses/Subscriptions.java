package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.error.Fields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one app subscribed to: the stream strings exactly as it sent them. An event reaches the app
 * once for each subscription string it matches, with that string as {@code streamType} (the SDK
 * dispatches by exact match); {@code *} and {@code all} match everything not otherwise matched.
 * Immutable.
 */
final class Subscriptions {
  static final Subscriptions NONE = new Subscriptions(List.of());
  static final int MAX_ENTRIES = 100;
  private static final int MAX_LENGTH = 256;
  private static final String TRANSCRIPTION_PREFIX = StreamEvent.TRANSCRIPTION + ":";

  private final List<String> streams;
  private final boolean wildcard;

  private Subscriptions(List<String> streams) {
    this.streams = List.copyOf(streams);
    this.wildcard = streams.contains("*") || streams.contains("all");
  }

  /**
   * Reads a {@code subscriptions} array whose entries are stream strings or {@code {stream, rate}}
   * objects; a failure is recorded in {@code fields} (and NONE returned).
   */
  static Subscriptions parse(JsonNode array, Fields fields) {
    if (array == null || !array.isArray() || array.size() > MAX_ENTRIES) {
      fields.fail("subscriptions", "must be an array of at most " + MAX_ENTRIES + " entries");
      return NONE;
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode entry : array) {
      JsonNode stream = entry.isObject() ? entry.get("stream") : entry;
      if (stream == null || !stream.isTextual() || stream.asText().isEmpty() || stream.asText().length() > MAX_LENGTH) {
        fields.fail("subscriptions", "entries must be stream names (1 to " + MAX_LENGTH
            + " characters) or objects {stream, rate}");
        return NONE;
      }
      out.add(stream.asText());
    }
    return new Subscriptions(new ArrayList<>(out));
  }

  List<String> streams() {
    return streams;
  }

  /** The subscription strings this event matches, each to be sent as one {@code data_stream}. */
  List<String> match(StreamEvent e) {
    List<String> out = List.of();
    for (String s : streams) {
      if (matches(s, e)) {
        out = out.isEmpty() ? new ArrayList<>(2) : out;
        out.add(s);
      }
    }
    if (out.isEmpty() && wildcard) {
      return List.of(e.canonical());
    }
    return out;
  }

  private static boolean matches(String s, StreamEvent e) {
    if (e.names().contains(s)) {
      return true;
    }
    if (e.isTranscription() && s.startsWith(TRANSCRIPTION_PREFIX)) {
      String language = s.substring(TRANSCRIPTION_PREFIX.length());
      int query = language.indexOf('?');
      language = query < 0 ? language : language.substring(0, query);
      return language.equalsIgnoreCase(e.language()) || language.equals("auto");
    }
    return e.gesture() != null && s.equals(StreamEvent.TOUCH + ":" + e.gesture());
  }

  /** Whether binary audio goes to this app. */
  boolean wantsAudio() {
    return wildcard || streams.contains(StreamEvent.AUDIO);
  }

  /** Whether this app needs speech turned into text (transcription or translation streams). */
  boolean wantsTranscription() {
    return wildcard || streams.stream().anyMatch(s -> s.startsWith(StreamEvent.TRANSCRIPTION)
        || s.startsWith("translation"));
  }
}
