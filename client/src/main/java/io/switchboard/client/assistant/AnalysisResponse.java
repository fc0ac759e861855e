package io.switchboard.client.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An {@code analysis_response}.
 *
 * @param status {@code success}
 * @param trackId the analysed track's id (null when the request had none)
 * @param analysisType e.g. {@code spectrum}
 * @param insights the {@code codette_insights} text
 * @param mixingSuggestions what to change, most specific first
 * @param qualityScore 0 to 1
 * @param figures the measured figures (peak, RMS, headroom, crest factor, loudness offset, bands...)
 *     as the server sent them; see {@code docs/assistant.md}
 * @param timestamp the server's ISO-8601 time stamp
 */
public record AnalysisResponse(String status, String trackId, String analysisType, String insights,
    List<String> mixingSuggestions, double qualityScore, JsonNode figures, String timestamp) {
  public AnalysisResponse {
    mixingSuggestions = mixingSuggestions == null ? List.of() : List.copyOf(mixingSuggestions);
  }
}
