package io.switchboard.core.conn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.Json;

/** Renders the common error frame: {"type":"error","code","message","details"?}. */
public final class ErrorFrames {
  private ErrorFrames() {}

  public static ObjectNode node(Failure f) {
    ObjectNode n = Json.object().put("type", "error").put("code", f.code()).put("message", f.message());
    if (!f.details().isEmpty()) {
      n.set("details", Json.MAPPER.valueToTree(f.details()));
    }
    return n;
  }

  public static String render(Failure f) {
    return Json.write(node(f));
  }
}
