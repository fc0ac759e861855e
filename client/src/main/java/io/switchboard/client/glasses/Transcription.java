package io.switchboard.client.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Speech as text: what the glasses send as {@code transcription} and what apps subscribed to
 * {@code transcription:<language>} receive as its data.
 *
 * @param text the text
 * @param language the language tag ({@code en-US}); null lets the server use its default
 * @param isFinal false for an interim result that a later one replaces
 */
public record Transcription(String text, String language, boolean isFinal) {
  public Transcription {
    Objects.requireNonNull(text, "text");
  }

  /** A final transcription. */
  public static Transcription of(String text, String language) {
    return new Transcription(text, language, true);
  }

  /** The transcription a {@code data_stream} carries (its {@code data}). */
  public static Transcription from(DataStream stream) {
    return from(stream.data());
  }

  /**
   * Reads {@code {text, transcribeLanguage, isFinal}}; a missing {@code isFinal} counts as final.
   */
  public static Transcription from(JsonNode data) {
    JsonNode language = data.get("transcribeLanguage");
    return new Transcription(data.path("text").asText(""), language != null && language.isTextual()
        ? language.asText() : null, data.path("isFinal").asBoolean(true));
  }
}
