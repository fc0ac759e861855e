package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.protocol.Json;
import java.util.List;

/** JSON views of stored commands and audit rows for the GET endpoints. */
final class CommandViews {
  private CommandViews() {}

  static ObjectNode full(Command c, List<CommandRepository.Transition> transitions) {
    ObjectNode n = Json.object().put("command_id", c.id()).put("device_node_id", c.deviceId())
        .put("command", c.command()).put("agent_id", c.agentId()).put("status", c.status().name())
        .put("created_at", Json.time(c.createdAt())).put("updated_at", Json.time(c.updatedAt()))
        .put("late_result", c.lateResult());
    n.set("params", Json.parseOrNull(CommandCatalog.masked(c.params())));
    if (c.expiresAt() != null) {
      n.put("expires_at", Json.time(c.expiresAt()));
    }
    if (c.success() != null) {
      n.put("success", c.success());
    }
    if (Outcome.keepsItsAnswer(c)) {
      // the failure it was answered with keeps its message and details where a result would be
      n.setAll(Outcome.keptAnswer(c));
    } else if (c.result() != null) {
      n.set("data", Json.parseOrNull(c.result()));
    }
    n.put("file_path", c.filePath()).put("error", c.error());
    ArrayNode ts = Json.MAPPER.createArrayNode();
    for (CommandRepository.Transition t : transitions) {
      ts.add(Json.object().put("status", t.status().name()).put("at", Json.time(t.at())).put("note", t.note()));
    }
    n.set("transitions", ts);
    return n;
  }

  /**
   * A page of audit rows as {@code reader} may see them: a row about one of the reader's devices
   * whose actor is another user shows neither that user nor their address.
   */
  static ObjectNode auditPage(List<AuditLog.Row> rows, int limit, String reader) {
    ArrayNode events = Json.MAPPER.createArrayNode();
    for (AuditLog.Row r : rows) {
      boolean own = reader.equals(r.event().actor());
      ObjectNode e = Json.object().put("id", r.id()).put("at", Json.time(r.event().at())).put("kind", r.event().kind())
          .put("actor", own ? r.event().actor() : null).put("ip", own ? r.event().ip() : null)
          .put("device_node_id", r.event().subject()).put("outcome", r.event().outcome());
      String detail = r.event().detail();
      if (detail != null && detail.startsWith("{")) {
        e.set("detail", Json.parseOrNull(detail));
      } else {
        e.put("detail", detail);
      }
      events.add(e);
    }
    ObjectNode out = Json.object().put("count", events.size());
    out.set("events", events);
    if (rows.size() == limit && !rows.isEmpty()) {
      out.put("next_before", rows.get(rows.size() - 1).id());
    }
    return out;
  }
}
