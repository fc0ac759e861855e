package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.Json;

/** An HTTP status and a JSON body for a REST command call. */
record Outcome(int status, ObjectNode body) {
  static Outcome failure(int status, Failure f) {
    ObjectNode b = Json.object().put("success", false).put("error", f.code()).put("message", f.message());
    if (!f.details().isEmpty()) {
      b.set("details", Json.MAPPER.valueToTree(f.details()));
    }
    return new Outcome(status, b);
  }
}
