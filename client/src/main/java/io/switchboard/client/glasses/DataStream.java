package io.switchboard.client.glasses;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code data_stream}: a glasses event that matched one of the app's subscriptions.
 *
 * @param sessionId the app session id
 * @param streamType the subscription string the event matched, exactly as the app sent it
 *     ({@code transcription:en-US}, {@code button_press}, ...)
 * @param data the glasses' message (every field they sent); treat it as read-only, it is shared
 *     by every handler of the event
 * @param timestamp when the server passed it on (ISO-8601)
 */
public record DataStream(String sessionId, String streamType, JsonNode data, String timestamp) {}
