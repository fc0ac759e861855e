package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The device commands the REST API offers: the path, the command name sent to the device, the
 * capability the device must have, how the request becomes {@code params}, and how the device's
 * answer becomes the seed's response shape.
 */
final class CommandCatalog {
  /** One REST command. */
  record Spec(String path, String command, String capability) {}

  static final List<Spec> ALL = List.of(
      new Spec("/api/devices/camera/snap", "camera_snap", "camera"),
      new Spec("/api/devices/location", "get_location", "location"),
      new Spec("/api/devices/notification", "send_notification", "notification"),
      new Spec("/api/devices/screen/record/start", "screen_record_start", "screen_record"),
      new Spec("/api/devices/screen/record/stop", "screen_record_stop", "screen_record"),
      new Spec("/api/devices/execute", "execute_command", "command_execution"));

  private CommandCatalog() {}

  /** The params sent to the device, read and validated from the request body; null with a failure in {@code f}. */
  static ObjectNode params(String command, JsonNode body, Fields f) {
    ObjectNode p = Json.object();
    switch (command) {
      case "camera_snap" -> {
        p.put("camera_id", orDefault(f.optionalString("camera_id", 64), "default"));
        p.put("resolution", orDefault(f.optionalString("resolution", 32), "1920x1080"));
        putIfPresent(p, "save_path", f.optionalString("save_path", 1000));
      }
      case "get_location" -> p.put("accuracy", orDefault(f.optionalString("accuracy", 16), "high"));
      case "send_notification" -> {
        p.put("title", f.string("title", 256));
        p.put("body", f.string("body", 4096));
      }
      case "screen_record_start" -> {
        long duration = f.optionalLong("duration_seconds", 1, 0);
        if (duration > 0) {
          p.put("duration_seconds", duration);
        }
        if (body.has("audio")) {
          p.put("audio", body.path("audio").asBoolean(false));
        }
      }
      case "screen_record_stop" -> putIfPresent(p, "recording_id", f.optionalString("recording_id", 128));
      case "execute_command" -> {
        p.put("command", f.string("command", 4096));
        putIfPresent(p, "working_dir", f.optionalString("working_dir", 1000));
        long t = f.optionalLong("timeout_seconds", 1, 0);
        if (t > 0) {
          p.put("timeout_seconds", t);
        }
      }
      default -> throw new IllegalArgumentException(command);
    }
    return f.ok() ? p : null;
  }

  /** The successful REST response: the seed's fields, filled from the device's data. */
  static ObjectNode success(Command cmd, JsonNode data, String deviceId) {
    ObjectNode out = Json.object().put("success", true).put("command_id", cmd.id()).put("status", cmd.status().name());
    JsonNode params = Json.parseOrNull(cmd.params());
    String at = Json.time(cmd.updatedAt() == null ? Instant.now() : cmd.updatedAt());
    switch (cmd.command()) {
      case "camera_snap" -> {
        out.put("file_path", text(data, "file_path", cmd.filePath() != null ? cmd.filePath()
            : params.path("save_path").asText(null)));
        out.put("base64_data", text(data, "base64_data", null));
        out.put("resolution", text(data, "resolution", params.path("resolution").asText(null)));
        out.put("captured_at", text(data, "captured_at", at));
      }
      case "get_location" -> {
        out.set("latitude", data.path("latitude"));
        out.set("longitude", data.path("longitude"));
        out.put("accuracy", text(data, "accuracy", params.path("accuracy").asText(null)));
        out.set("altitude", data.has("altitude") ? data.get("altitude") : Json.MAPPER.nullNode());
        out.put("timestamp", text(data, "timestamp", at));
      }
      case "send_notification" -> {
        out.put("device_node_id", deviceId);
        out.put("title", params.path("title").asText());
        out.put("body", params.path("body").asText());
        out.put("sent_at", text(data, "sent_at", at));
      }
      default -> merge(out, data);
    }
    if (cmd.filePath() != null && !out.has("file_path")) {
      out.put("file_path", cmd.filePath());
    }
    return out;
  }

  private static void merge(ObjectNode out, JsonNode data) {
    if (data instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!out.has(e.getKey())) {
          out.set(e.getKey(), e.getValue());
        }
      }
    }
  }

  private static String text(JsonNode data, String field, String fallback) {
    JsonNode v = data.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : fallback;
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  private static void putIfPresent(ObjectNode p, String field, String v) {
    if (v != null) {
      p.put(field, v);
    }
  }

  /** Params as they may be written to the audit trail: values of secret-looking keys masked. */
  static String masked(String paramsJson) {
    JsonNode p = Json.parseOrNull(paramsJson);
    if (!(p instanceof ObjectNode o)) {
      return paramsJson;
    }
    ObjectNode copy = o.deepCopy();
    copy.fieldNames().forEachRemaining(k -> {
      String lower = k.toLowerCase();
      if (lower.contains("token") || lower.contains("secret") || lower.contains("password")
          || lower.contains("key") || lower.contains("auth")) {
        copy.put(k, "***");
      }
    });
    return Json.write(copy);
  }
}
