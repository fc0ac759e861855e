package io.switchboard.client.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.net.URI;

/**
 * A webhook call the hub makes to an app server ({@code POST <publicUrl>/webhook}):
 * {@link SessionRequest} when a user starts the app, {@link StopRequest} when they stop it. This
 * only reads the body; serve the endpoint with any HTTP server. Answer a session request with 2xx
 * once {@link AppClient#connect()} has completed (as {@code @mentra/sdk} does: the hub serves the
 * app's socket while the call is open), e.g. with {@link #SUCCESS_BODY}.
 *
 * <pre>{@code
 * WebhookRequest call = WebhookRequest.parse(body);
 * if (call instanceof SessionRequest start) {
 *   AppClient app = AppClient.create(AppOptions.builder(start, packageName, apiKey).build());
 *   app.connect().join();              // then answer 200
 * } else if (call instanceof StopRequest stop) {
 *   appsBySession.remove(stop.sessionId()).close();
 * }
 * }</pre>
 */
public sealed interface WebhookRequest permits SessionRequest, StopRequest {
  /** A body to answer a webhook call with (status 200). */
  String SUCCESS_BODY = "{\"status\":\"success\"}";

  /** The app session id, {@code <userSessionId>-<packageName>}. */
  String sessionId();

  String userId();

  /** When the hub sent it (ISO-8601); null when absent. */
  String timestamp();

  /**
   * Reads a webhook body. Throws {@link IllegalArgumentException} when it is not JSON, not of a
   * known {@code type}, or lacks a needed field ({@code sessionId}, {@code userId}, and for a session
   * request a {@code ws://} or {@code wss://} URL in {@code mentraOSWebsocketUrl} or
   * {@code augmentOSWebsocketUrl}).
   */
  static WebhookRequest parse(String body) {
    JsonNode n = body == null ? null : Json.parseOrNull(body);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a webhook body is a JSON object");
    }
    return parse(n);
  }

  /** Reads a webhook body already parsed; see {@link #parse(String)}. */
  static WebhookRequest parse(JsonNode body) {
    String type = body.path("type").asText("");
    String sessionId = required(body, "sessionId");
    String userId = required(body, "userId");
    String timestamp = body.path("timestamp").isTextual() ? body.get("timestamp").asText() : null;
    switch (type) {
      case "session_request" -> {
        String url = body.path("mentraOSWebsocketUrl").asText("");
        url = url.isBlank() ? body.path("augmentOSWebsocketUrl").asText("") : url;
        URI uri;
        try {
          uri = URI.create(url);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("the session request's WebSocket URL is malformed", e);
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
          throw new IllegalArgumentException("the session request has no ws:// or wss:// URL");
        }
        return new SessionRequest(sessionId, userId, uri, timestamp);
      }
      case "stop_request" -> {
        return new StopRequest(sessionId, userId, body.path("reason").asText(null), timestamp);
      }
      default -> throw new IllegalArgumentException("unknown webhook type '" + type + "'");
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("the webhook body lacks " + field);
    }
    return v.asText();
  }
}
