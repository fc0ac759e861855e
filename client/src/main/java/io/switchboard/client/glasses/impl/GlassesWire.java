package io.switchboard.client.glasses.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.glasses.AppStateChange;
import io.switchboard.client.glasses.AppStatus;
import io.switchboard.client.glasses.DataStream;
import io.switchboard.client.glasses.DisplayEvent;
import io.switchboard.client.glasses.GlassesSession;
import io.switchboard.client.glasses.Layout;
import io.switchboard.client.glasses.MicrophoneState;
import io.switchboard.client.glasses.Subscription;
import io.switchboard.client.glasses.View;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The glasses profile's messages: building what the clients send, reading what the server sends. */
final class GlassesWire {
  private GlassesWire() {}

  static Predicate<JsonNode> type(String... types) {
    return m -> {
      String t = m.path("type").asText();
      for (String type : types) {
        if (type.equals(t)) {
          return true;
        }
      }
      return false;
    };
  }

  static boolean is(JsonNode m, String type) {
    return type.equals(m.path("type").asText());
  }

  // ---- glasses → server --------------------------------------------------------------------

  static ObjectNode message(String type) {
    return Json.object().put("type", type);
  }

  /** A glasses event: its fields, the type, and the time it happened. */
  static ObjectNode event(String type, ObjectNode fields) {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("an event needs a type");
    }
    ObjectNode m = fields == null ? Json.object() : fields.deepCopy();
    m.put("type", type);
    if (!m.has("timestamp")) {
      m.put("timestamp", Json.time(Instant.now()));
    }
    return m;
  }

  static ObjectNode app(String type, String packageName) {
    return message(type).put("packageName", Objects.requireNonNull(packageName, "packageName"));
  }

  // ---- app → server ------------------------------------------------------------------------

  static ObjectNode appInit(String sessionId, String packageName, String apiKey) {
    return message("tpa_connection_init").put("sessionId", sessionId).put("packageName", packageName)
        .put("apiKey", apiKey);
  }

  static ObjectNode subscriptionUpdate(String packageName, List<Subscription> subscriptions) {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    for (Subscription s : subscriptions) {
      if (s.rate() == null) {
        entries.add(s.stream());
      } else {
        entries.add(Json.object().put("stream", s.stream()).put("rate", s.rate()));
      }
    }
    ObjectNode m = message("subscription_update").put("packageName", packageName);
    m.set("subscriptions", entries);
    return m;
  }

  static ObjectNode display(String packageName, Layout layout, View view, Duration duration) {
    ObjectNode m = message("display_event").put("packageName", packageName).put("view", view.wire());
    m.set("layout", layout.toJson());
    if (duration != null) {
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration must not be negative");
      }
      m.put("durationMs", duration.toMillis());
    }
    return m;
  }

  // ---- server → glasses --------------------------------------------------------------------

  /** The user session of a {@code connection_ack} or {@code app_state_change}; null when it has none. */
  static GlassesSession session(JsonNode m) {
    JsonNode u = m.get("userSession");
    if (u == null || !u.isObject()) {
      return null;
    }
    return new GlassesSession(u.path("sessionId").asText(m.path("sessionId").asText(null)),
        u.path("userId").asText(null), u.path("startTime").asText(null), strings(u.path("activeAppSessions")),
        strings(u.path("loadingApps")));
  }

  static DisplayEvent displayEvent(JsonNode m) {
    JsonNode layout = m.get("layout");
    Layout l = layout != null && layout.path("layoutType").isTextual() ? Layout.of(layout) : Layout.clear();
    JsonNode ms = m.get("durationMs");
    return new DisplayEvent(View.of(m.path("view").asText(null)), m.path("packageName").asText(null), l,
        ms != null && ms.isNumber() ? Duration.ofMillis(ms.asLong()) : null, m.path("timestamp").asText(null));
  }

  static AppStateChange appState(JsonNode m) {
    return new AppStateChange(m.path("packageName").asText(null), AppStatus.of(m.path("status").asText(null)),
        m.path("error").asText(null), session(m), m.path("timestamp").asText(null));
  }

  static MicrophoneState microphone(JsonNode m) {
    return new MicrophoneState(m.path("isMicrophoneEnabled").asBoolean(false), strings(m.path("requiredData")));
  }

  /** {@code connection_error} / {@code tpa_connection_error} (and {@code error}) as a ServerError. */
  static ServerError error(JsonNode m) {
    JsonNode details = m.get("details");
    return new ServerError(m.path("code").asText("UNKNOWN"), m.path("message").asText(""),
        details == null || details.isNull() ? null : details);
  }

  // ---- server → app ------------------------------------------------------------------------

  static DataStream dataStream(JsonNode m) {
    return new DataStream(m.path("sessionId").asText(null), m.path("streamType").asText(""), m.path("data"),
        m.path("timestamp").asText(null));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out;
  }
}
