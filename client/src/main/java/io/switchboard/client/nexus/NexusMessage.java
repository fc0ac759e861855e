package io.switchboard.client.nexus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.Objects;
import java.util.UUID;

/**
 * A nexus message, the envelope {@code {type, id, payload}} used both ways.
 *
 * @param type e.g. {@code ask}, {@code response}, {@code error}
 * @param id the request's id; replies reuse it (null when a message has none)
 * @param payload the message's object (an empty object when absent)
 */
public record NexusMessage(String type, String id, JsonNode payload) {
  public NexusMessage {
    Objects.requireNonNull(type, "type");
    payload = payload == null || payload.isNull() || payload.isMissingNode() ? Json.object() : payload;
  }

  /** A message with a fresh random id. */
  public static NexusMessage of(String type, JsonNode payload) {
    return new NexusMessage(type, UUID.randomUUID().toString(), payload);
  }

  /** Reads an inbound envelope; a numeric id is given as text. */
  public static NexusMessage from(JsonNode msg) {
    JsonNode id = msg.get("id");
    return new NexusMessage(msg.path("type").asText(""), id == null || !id.isValueNode() || id.isNull() ? null
        : id.asText(), msg.get("payload"));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("type", type);
    if (id == null) {
      o.putNull("id");
    } else {
      o.put("id", id);
    }
    o.set("payload", payload);
    return o;
  }
}
