package io.switchboard.client.glasses;

import java.util.Objects;

/**
 * One entry of an app's {@code subscription_update}: a stream name, sent as a string, or with a
 * rate, sent as {@code {stream, rate}} (the server accepts the rate and does not use it).
 *
 * <p>Stream names: a glasses event type ({@code button_press}, {@code head_position},
 * {@code location_stream}, {@code VAD}, {@code phone_notification}, ...), {@code transcription} (all
 * languages) or {@code transcription:<language>[?options]}, {@code audio_chunk} (binary audio), and
 * {@code *} or {@code all} for everything.
 *
 * @param stream the stream name (1 to 256 characters)
 * @param rate null for a plain string entry
 */
public record Subscription(String stream, String rate) {
  public static final String AUDIO = "audio_chunk";

  public Subscription {
    Objects.requireNonNull(stream, "stream");
    if (stream.isEmpty() || stream.length() > 256) {
      throw new IllegalArgumentException("a stream name has 1 to 256 characters");
    }
  }

  public static Subscription of(String stream) {
    return new Subscription(stream, null);
  }

  public static Subscription of(String stream, String rate) {
    return new Subscription(stream, rate);
  }

  /** {@code transcription:<language>}, e.g. {@code transcription("en-US")}. */
  public static Subscription transcription(String language) {
    return of("transcription:" + language);
  }
}
