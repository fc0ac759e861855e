package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.Json;
import java.util.Map;

/** An HTTP status and a JSON body for a REST command call. */
record Outcome(int status, ObjectNode body) {
  static Outcome failure(int status, Failure f) {
    ObjectNode b = Json.object().put("success", false).put("error", f.code()).put("message", f.message());
    if (!f.details().isEmpty()) {
      b.set("details", Json.MAPPER.valueToTree(f.details()));
    }
    return new Outcome(status, b);
  }

  /** The REST view of a stored command: the seed's shape when it succeeded, else its state. */
  static Outcome of(Command c, boolean replay) {
    ObjectNode body = switch (c.status()) {
      case SUCCEEDED -> CommandCatalog.success(c, c.result() == null ? Json.object() : Json.parseOrNull(c.result()),
          c.deviceId());
      case QUEUED, SENT -> Json.object().put("success", true).put("command_id", c.id()).put("status", c.status().name());
      case REJECTED -> refused(c);
      // a late result, which the device may still send, takes the place of the kept answer
      case UNDELIVERED -> keepsItsAnswer(c) ? refused(c) : ended(c);
      default -> ended(c);
    };
    if (replay) {
      body.put("idempotent_replay", true);
    }
    int http = switch (c.status()) {
      case SUCCEEDED, FAILED, CANCELED -> 200;
      case QUEUED, SENT -> 202;
      case TIMED_OUT -> 504;
      case UNDELIVERED -> 409;
      case REJECTED -> 403;
      case EXPIRED -> 410;
    };
    return new Outcome(http, body);
  }

  /**
   * What a REJECTED or UNDELIVERED command keeps of the failure it was answered with, in its
   * {@code result}: the message and the details.
   */
  static String refusal(Failure f) {
    ObjectNode r = Json.object().put("message", f.message());
    if (!f.details().isEmpty()) {
      r.set("details", Json.MAPPER.valueToTree(f.details()));
    }
    return Json.write(r);
  }

  /**
   * A REJECTED or UNDELIVERED command answered again: the first answer's message and details (a
   * command stored before these were kept says only its code and a generic message).
   */
  private static ObjectNode refused(Command c) {
    ObjectNode body = Json.object().put("success", false).put("error", c.error() == null ? c.status().name() : c.error());
    body.setAll(keptAnswer(c));
    return body.put("command_id", c.id()).put("status", c.status().name());
  }

  /**
   * The message and (when there were any) details a command that {@link #keepsItsAnswer} was
   * answered with; the generic message for one stored before answers were kept.
   */
  static ObjectNode keptAnswer(Command c) {
    ObjectNode kept = c.result() == null ? null : Json.parseOrNull(c.result()) instanceof ObjectNode o ? o : null;
    ObjectNode out = Json.object()
        .put("message", kept != null && kept.path("message").isTextual() ? kept.get("message").asText() : message(c));
    if (kept != null && kept.get("details") instanceof ObjectNode details) {
      out.set("details", details);
    }
    return out;
  }

  /** Whether the command's {@code result} holds the failure it was answered with (not a late result). */
  static boolean keepsItsAnswer(Command c) {
    return c.status() == CommandStatus.REJECTED || c.status() == CommandStatus.UNDELIVERED && !c.lateResult();
  }

  private static ObjectNode ended(Command c) {
    return Json.object().put("success", false).put("command_id", c.id()).put("status", c.status().name())
        .put("error", c.error() == null ? c.status().name() : c.error()).put("message", message(c));
  }

  /** What became of a command that did not succeed, in words (its {@code error} is the device's or a code). */
  private static String message(Command c) {
    return switch (c.status()) {
      case FAILED -> "The device reported a failure";
      case CANCELED -> "Canceled by its owner while queued";
      case TIMED_OUT -> "No result from the device in time";
      case REJECTED -> "Refused before it was sent (" + c.error() + ")";
      case EXPIRED -> "Still queued when its time to live ran out";
      case UNDELIVERED -> "No connection of the device received it";
      default -> c.status().name();
    };
  }

  /** 409: the device is not connected and the command was not to be queued. */
  static Outcome deviceOffline(String deviceId) {
    return failure(409, offline(deviceId));
  }

  static Failure offline(String deviceId) {
    return Failure.of("DEVICE_OFFLINE", "Device " + deviceId + " is not connected; set queue_if_offline to queue the "
        + "command", Map.of("device_node_id", deviceId));
  }

  /** 202: the command waits in the device's queue. */
  static Outcome queued(Command c) {
    return new Outcome(202, Json.object().put("success", true).put("command_id", c.id()).put("status", "QUEUED")
        .put("expires_at", Json.time(c.expiresAt())));
  }
}
