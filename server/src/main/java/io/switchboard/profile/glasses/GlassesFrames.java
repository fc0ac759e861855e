package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.List;

/** Renders what the glasses profile sends: frames to glasses and apps, and webhook bodies. */
final class GlassesFrames {
  private GlassesFrames() {}

  static String connectionAck(UserSession s, Instant now) {
    ObjectNode n = Json.object().put("type", "connection_ack").put("sessionId", s.id);
    n.set("userSession", userSession(s));
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String connectionError(String code, String message, Instant now) {
    return Json.write(Json.object().put("type", "connection_error").put("code", code).put("message", message)
        .put("timestamp", Json.time(now)));
  }

  static String appStateChange(UserSession s, String packageName, String status, String error, Instant now) {
    ObjectNode n = Json.object().put("type", "app_state_change").put("sessionId", s.id)
        .put("packageName", packageName).put("status", status);
    if (error != null) {
      n.put("error", error);
    }
    n.set("userSession", userSession(s));
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String displayEvent(DisplayManager.Shown shown, Instant now) {
    ObjectNode n = Json.object().put("type", "display_event").put("view", shown.view());
    if (shown.packageName() != null) {
      n.put("packageName", shown.packageName());
    }
    n.set("layout", shown.layout());
    if (shown.durationMs() != null) {
      n.put("durationMs", shown.durationMs());
    }
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String microphoneState(boolean on, List<String> requiredData, Instant now) {
    ObjectNode n = Json.object().put("type", "microphone_state_change").put("isMicrophoneEnabled", on);
    n.set("requiredData", Json.MAPPER.valueToTree(requiredData));
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String settingsUpdate(UserSession s, Instant now) {
    ObjectNode n = Json.object().put("type", "settings_update").put("sessionId", s.id);
    n.set("settings", Json.object());
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String dataStream(String appSessionId, String streamType, JsonNode data, Instant now) {
    ObjectNode n = Json.object().put("type", "data_stream").put("sessionId", appSessionId)
        .put("streamType", streamType);
    n.set("data", data);
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String appAck(String appSessionId, Instant now) {
    ObjectNode n = Json.object().put("type", "tpa_connection_ack").put("sessionId", appSessionId);
    n.set("settings", Json.MAPPER.createArrayNode());
    n.set("mentraosSettings", Json.object());
    return Json.write(n.put("timestamp", Json.time(now)));
  }

  static String appError(String code, String message, Instant now) {
    return Json.write(Json.object().put("type", "tpa_connection_error").put("code", code).put("message", message)
        .put("timestamp", Json.time(now)));
  }

  static ObjectNode sessionRequest(String appSessionId, String userId, String webSocketUrl, Instant now) {
    return Json.object().put("type", "session_request").put("sessionId", appSessionId).put("userId", userId)
        .put("timestamp", Json.time(now)).put("augmentOSWebsocketUrl", webSocketUrl)
        .put("mentraOSWebsocketUrl", webSocketUrl);
  }

  static ObjectNode stopRequest(String appSessionId, String userId, String reason, Instant now) {
    return Json.object().put("type", "stop_request").put("sessionId", appSessionId).put("userId", userId)
        .put("reason", reason).put("timestamp", Json.time(now));
  }

  private static ObjectNode userSession(UserSession s) {
    ObjectNode u = Json.object().put("sessionId", s.id).put("userId", s.user.userId())
        .put("startTime", Json.time(s.startedAt));
    u.set("activeAppSessions", array(s.packages(AppRun.State.ACTIVE)));
    u.set("loadingApps", array(s.packages(AppRun.State.LOADING)));
    return u;
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
