package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.rpc.PendingRequests;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Commands as durable executions: checks (ownership, governance, capability, presence), storage of
 * every transition, delivery through the broker, waiting for the result with a timeout, queueing
 * for offline devices, idempotency, expiry and recovery after a restart.
 */
final class CommandService {
  static final String RESULTS_TOPIC = "devices:results";
  static final String STOPPING = "SERVER_STOPPING";

  private final Hub hub;
  private final DevicesSettings settings;
  private final DeviceRepository devices;
  private final CommandRepository commands;
  private final AgentRepository agents;
  private final PendingRequests<Boolean> pending;

  CommandService(Hub hub, DevicesSettings settings, DeviceRepository devices, CommandRepository commands,
      AgentRepository agents) {
    this.hub = hub;
    this.settings = settings;
    this.devices = devices;
    this.commands = commands;
    this.agents = agents;
    this.pending = new PendingRequests<>(hub.vertx(), settings.maxPending());
    hub.broker().subscribe(RESULTS_TOPIC, new Receiver() {
      @Override
      public String id() {
        return "command-service:" + hub.nodeId();
      }

      @Override
      public void receive(Delivery d) {
        pending.complete(d.text(), Boolean.TRUE);
      }
    });
  }

  int pendingCount() {
    return pending.size();
  }

  /** At startup: commands left in flight by a previous run end TIMED_OUT, stated as such. */
  Future<Integer> recover() {
    Instant now = hub.clock().instant();
    return commands.endInFlight(now, now, "server restarted before the result arrived");
  }

  /**
   * Expires queued commands past their TTL, and ends commands SENT longer ago than the largest
   * call timeout (a queued command delivered on reconnect has no caller waiting to time it out).
   */
  Future<Void> expire() {
    Instant now = hub.clock().instant();
    return commands.expireQueued(now).map(list -> {
      list.forEach(c -> audit(c, "EXPIRED", null, 0));
      return null;
    }).compose(v -> commands.endInFlight(now.minus(settings.commandTimeoutMax()), now,
        "no result within " + settings.commandTimeoutMax().toSeconds() + " s")).mapEmpty();
  }

  Future<Outcome> submit(CommandRequest r) {
    if (r.idempotencyKey() == null) {
      return checkAndRun(r);
    }
    Instant since = hub.clock().instant().minus(settings.idempotencyWindow());
    return commands.findByIdempotencyKey(r.ownerId(), r.idempotencyKey(), since)
        .compose(existing -> existing == null ? checkAndRun(r) : Future.succeededFuture(describe(existing, true)));
  }

  private Future<Outcome> checkAndRun(CommandRequest r) {
    return devices.find(r.deviceId()).compose(device -> {
      if (device == null || !device.ownerId().equals(r.ownerId())) {
        auditDenied(r, "DEVICE_NOT_FOUND", null);
        return Future.succeededFuture(Outcome.failure(404, Failure.of("DEVICE_NOT_FOUND",
            "No device " + r.deviceId() + " is registered to you", Map.of("device_node_id", r.deviceId()))));
      }
      return governance(r).compose(denial -> {
        if (denial != null) {
          return Future.succeededFuture(denial);
        }
        if (!device.capabilities().contains(r.spec().capability())) {
          auditDenied(r, "CAPABILITY_MISSING", null);
          return Future.succeededFuture(Outcome.failure(422, Failure.of("CAPABILITY_MISSING",
              "Device " + r.deviceId() + " lacks the capability " + r.spec().capability(),
              Map.of("capability", r.spec().capability(), "device_capabilities", device.capabilities()))));
        }
        return hub.directory().lookup(DeviceSocket.name(r.deviceId())).compose(entry -> entry != null
            ? runOnline(r) : offline(r));
      });
    });
  }

  /** Null when allowed; else the 403 outcome, recorded as a REJECTED command and in the audit trail. */
  private Future<Outcome> governance(CommandRequest r) {
    Failure program = r.spec().command().equals("execute_command")
        ? settings.governance().checkProgram(r.params().path("command").asText()) : null;
    if (r.agentId() == null) {
      return Future.succeededFuture(program == null ? null : reject(r, program));
    }
    return agents.find(r.agentId()).map(agent -> {
      if (agent == null) {
        return reject(r, Failure.of("AGENT_NOT_FOUND", "No agent " + r.agentId() + " is registered",
            Map.of("agent_id", r.agentId())));
      }
      Failure denied = settings.governance().check(r.spec().command(), agent);
      return denied != null ? reject(r, denied) : program != null ? reject(r, program) : null;
    });
  }

  private Outcome reject(CommandRequest r, Failure f) {
    Instant now = hub.clock().instant();
    Command c = newCommand(r, CommandStatus.REJECTED, now, null);
    commands.insert(c.withOutcome(CommandStatus.REJECTED, now, false, null, null, f.code(), false));
    auditDenied(r, f.code(), f.details());
    ObjectNode body = Outcome.failure(403, f).body().put("command_id", c.id()).put("status", "REJECTED");
    return new Outcome(403, body);
  }

  private Future<Outcome> offline(CommandRequest r) {
    if (!r.queueIfOffline()) {
      return Future.succeededFuture(Outcome.failure(409, Failure.of("DEVICE_OFFLINE",
          "Device " + r.deviceId() + " is not connected; set queue_if_offline to queue the command",
          Map.of("device_node_id", r.deviceId()))));
    }
    Instant now = hub.clock().instant();
    Command c = newCommand(r, CommandStatus.QUEUED, now, now.plus(settings.queueTtl()));
    return commands.insert(c).map(v -> {
      audit(c, "QUEUED", null, 0);
      return new Outcome(202, Json.object().put("success", true).put("command_id", c.id()).put("status", "QUEUED")
          .put("expires_at", Json.time(c.expiresAt())));
    });
  }

  private Future<Outcome> runOnline(CommandRequest r) {
    if (pending.size() >= settings.maxPending()) {
      return Future.succeededFuture(Outcome.failure(503, Failure.of(PendingRequests.OVERLOADED,
          "Too many command calls are waiting for results; retry shortly",
          Map.of("max_pending", settings.maxPending()))));
    }
    Instant created = hub.clock().instant();
    Command queued = newCommand(r, CommandStatus.QUEUED, created, null);
    return commands.insert(queued).compose(v -> {
      Future<Boolean> reply = pending.await(queued.id(), r.timeout());
      return send(queued).compose(sent -> reply.transform(ar -> stopping(ar.cause())
          ? Future.succeededFuture(interrupted(queued)) : finish(queued, ar.succeeded(), created)));
    }).recover(e -> Future.succeededFuture(overloaded(e)));
  }

  /** Server shutdown: every waiting call is answered 503 with its command id; the command stays SENT. */
  void stop() {
    pending.failAll(Failure.of(STOPPING, "Server is shutting down"));
  }

  private static boolean stopping(Throwable t) {
    return t instanceof FailureException f && STOPPING.equals(f.failure().code());
  }

  private static Outcome interrupted(Command c) {
    return new Outcome(503, Outcome.failure(503, Failure.of(STOPPING, "Server is shutting down; the result of "
        + "this command will be recorded if it arrives, see GET /api/devices/commands/" + c.id())).body()
        .put("command_id", c.id()).put("status", CommandStatus.SENT.name()));
  }

  /** Marks a command SENT and hands it to the device's connection through the broker. */
  Future<Command> send(Command c) {
    return commands.transition(c.withStatus(CommandStatus.SENT, hub.clock().instant()), List.of(CommandStatus.QUEUED),
        null).map(sent -> {
          if (sent != null) {
            hub.broker().publish(DeviceSocket.topic(c.deviceId()), Delivery.text(commandFrame(sent), null));
          }
          return sent;
        });
  }

  private Future<Outcome> finish(Command c, boolean replied, Instant started) {
    long ms = hub.clock().millis() - started.toEpochMilli();
    if (replied) {
      return commands.find(c.id()).map(done -> describe(done, false));
    }
    Instant now = hub.clock().instant();
    return commands.transition(c.withOutcome(CommandStatus.TIMED_OUT, now, null, null, null, "TIMEOUT", false),
        List.of(CommandStatus.SENT), "no result within " + ms + " ms").compose(timedOut -> {
          if (timedOut == null) {
            return finish(c, true, started);
          }
          audit(timedOut, "TIMED_OUT", null, ms);
          return Future.succeededFuture(describe(timedOut, false));
        });
  }

  /** A result frame from a device: stored (also when late) and announced to the waiting caller. */
  Future<Failure> onResult(String deviceId, String commandId, boolean success, JsonNode data, String filePath,
      String error) {
    return commands.find(commandId).compose(c -> {
      if (c == null || !c.deviceId().equals(deviceId)) {
        return Future.succeededFuture(Failure.of("UNKNOWN_COMMAND", "No command " + commandId + " for this device",
            Map.of("command_id", commandId)));
      }
      Instant now = hub.clock().instant();
      String result = data == null || data.isNull() ? null : Json.write(data);
      CommandStatus status = success ? CommandStatus.SUCCEEDED : CommandStatus.FAILED;
      return commands.transition(c.withOutcome(status, now, success, result, filePath, error, false),
          List.of(CommandStatus.SENT), null).compose(done -> done != null ? Future.succeededFuture(done)
              : commands.recordLateResult(commandId, success, result, filePath, error, now))
          .map(done -> {
            if (done != null) {
              long ms = now.toEpochMilli() - c.createdAt().toEpochMilli();
              audit(done, done.lateResult() ? "LATE_" + status.name() : status.name(), null, ms);
            }
            hub.broker().publish(RESULTS_TOPIC, Delivery.text(commandId, null));
            return null;
          });
    });
  }

  /** Cancels a queued command of the caller's; the outcome says why when it cannot. */
  Future<Outcome> cancel(String ownerId, String commandId) {
    return commands.find(commandId).compose(c -> {
      if (c == null || !c.ownerId().equals(ownerId)) {
        return Future.succeededFuture(Outcome.failure(404, Failure.of("COMMAND_NOT_FOUND", "No such command")));
      }
      return commands.transition(c.withStatus(CommandStatus.CANCELED, hub.clock().instant()),
          List.of(CommandStatus.QUEUED), "canceled by owner").map(done -> {
            if (done == null) {
              return Outcome.failure(409, Failure.of("NOT_CANCELABLE", "Only a queued command can be canceled",
                  Map.of("status", c.status().name())));
            }
            audit(done, "CANCELED", null, 0);
            return new Outcome(200, Json.object().put("success", true).put("command_id", done.id())
                .put("status", done.status().name()));
          });
    });
  }

  /** The REST view of a stored command: the seed's shape when it succeeded, else its state. */
  Outcome describe(Command c, boolean existing) {
    ObjectNode body = switch (c.status()) {
      case SUCCEEDED -> CommandCatalog.success(c, c.result() == null ? Json.object() : Json.parseOrNull(c.result()),
          c.deviceId());
      case QUEUED, SENT -> Json.object().put("success", true).put("command_id", c.id()).put("status", c.status().name());
      default -> Json.object().put("success", false).put("command_id", c.id()).put("status", c.status().name())
          .put("error", c.error() == null ? c.status().name() : c.error());
    };
    if (existing) {
      body.put("idempotent_replay", true);
    }
    int http = switch (c.status()) {
      case SUCCEEDED, FAILED, CANCELED -> 200;
      case QUEUED, SENT -> 202;
      case TIMED_OUT -> 504;
      case REJECTED -> 403;
      case EXPIRED -> 410;
    };
    return new Outcome(http, body);
  }

  static String commandFrame(Command c) {
    ObjectNode frame = Json.object().put("type", "command").put("command_id", c.id()).put("command", c.command());
    frame.set("params", Json.parseOrNull(c.params()));
    frame.put("timestamp", Json.time(c.updatedAt()));
    return Json.write(frame);
  }

  private Command newCommand(CommandRequest r, CommandStatus status, Instant now, Instant expires) {
    return new Command(UUID.randomUUID().toString(), r.deviceId(), r.ownerId(), r.agentId(), r.spec().command(),
        Json.write(r.params()), status, r.idempotencyKey(), now, now, expires, null, null, null, null, false);
  }

  private Outcome overloaded(Throwable e) {
    Failure f = e instanceof FailureException fe ? fe.failure() : Failure.of("INTERNAL", "Command failed: " + e);
    return Outcome.failure(503, f);
  }

  private void audit(Command c, String outcome, Map<String, Object> extra, long durationMs) {
    ObjectNode detail = Json.object().put("command_id", c.id()).put("command", c.command())
        .put("agent_id", c.agentId()).put("duration_ms", durationMs);
    detail.set("params", Json.parseOrNull(CommandCatalog.masked(c.params())));
    hub.audit().record(new AuditEvent(hub.clock().instant(), "device.command", DevicesProfile.NAME, c.ownerId(), null,
        c.deviceId(), outcome, Json.write(detail)));
  }

  private void auditDenied(CommandRequest r, String code, Map<String, Object> details) {
    ObjectNode detail = Json.object().put("code", code).put("command", r.spec().command()).put("agent_id", r.agentId());
    if (details != null) {
      detail.set("details", Json.MAPPER.valueToTree(details));
    }
    detail.set("params", Json.parseOrNull(CommandCatalog.masked(Json.write(r.params()))));
    hub.audit().record(new AuditEvent(hub.clock().instant(), "device.denied", DevicesProfile.NAME, r.ownerId(), r.ip(),
        r.deviceId(), "denied", Json.write(detail)));
  }
}
