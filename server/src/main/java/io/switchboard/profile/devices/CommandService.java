package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.presence.Directory;
import io.switchboard.core.rpc.PendingRequests;
import io.switchboard.protocol.Json;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands as durable executions: checks (ownership, governance, capability, presence), storage of
 * every transition, delivery through the broker, waiting for the result with a timeout, queueing
 * for offline devices, idempotency, expiry and recovery after a restart.
 *
 * <p>Across nodes: the command rows are shared (one store), the device is reached through its
 * topic. A caller waiting on the node that stored the result gets the stored command at once;
 * otherwise the result comes back as a command id on {@link #RESULTS_TOPIC} and the node that waits
 * reads the row. A publish that no connection of the device received (its node died, or it just
 * left) puts the command back to QUEUED, or ends it UNDELIVERED when the caller did not ask to
 * queue it. Every time a command becomes QUEUED, a {@link DeviceSocket#QUEUE_CHANGED} nudge on the
 * device's topic makes a connection that registered meanwhile read its queue again.
 */
final class CommandService {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  static final String RESULTS_TOPIC = "devices:results";
  static final String STOPPING = "SERVER_STOPPING";
  private static final String UNDELIVERED_NOTE = "no connection of the device received it";
  static final String REMOVED_NOTE = "canceled: device removed";

  private final Hub hub;
  private final DevicesSettings settings;
  private final DeviceRepository devices;
  private final CommandRepository commands;
  private final AgentRepository agents;
  /**
   * REST calls waiting for their command's result, by command id. The reply is the finished
   * command when its result was stored on this node, null when the word came from another node
   * (then it is read from the store).
   */
  private final PendingRequests<Command> pending;
  private final Broker.Subscription results;

  /** One attempt to hand a command to its device: the SENT command (null when it was no longer QUEUED). */
  record Handover(Command sent, boolean reached) {}

  CommandService(Hub hub, DevicesSettings settings, DeviceRepository devices, CommandRepository commands,
      AgentRepository agents) {
    this.hub = hub;
    this.settings = settings;
    this.devices = devices;
    this.commands = commands;
    this.agents = agents;
    this.pending = new PendingRequests<>(hub.vertx(), settings.maxPending());
    this.results = hub.broker().subscribe(RESULTS_TOPIC, new Receiver() {
      @Override
      public String id() {
        return "command-service:" + hub.nodeId();
      }

      @Override
      public void receive(Delivery d) {
        pending.complete(d.text(), null);
      }
    });
  }

  int pendingCount() {
    return pending.size();
  }

  /** Completes once results published on other nodes reach this one. */
  Future<Void> ready() {
    return results.ready();
  }

  /**
   * At startup: commands left in flight by a previous run end TIMED_OUT, stated as such. In a
   * cluster the SENT commands may belong to live nodes, so only those older than the largest call
   * timeout are ended (what the periodic expiry would do anyway).
   */
  Future<Integer> recover() {
    Instant now = hub.clock().instant();
    if (settings.clustered()) {
      return commands.endInFlight(now.minus(settings.commandTimeoutMax()), now,
          "no result within " + settings.commandTimeoutMax().toSeconds() + " s");
    }
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
        .compose(existing -> existing == null ? checkAndRun(r) : Future.succeededFuture(Outcome.of(existing, true)));
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
            ? runOnline(r, entry) : offline(r));
      });
    });
  }

  /**
   * Null when allowed; else the 403 outcome, recorded as a REJECTED command (stored before the
   * answer, so a retry with the same idempotency key finds it) and in the audit trail.
   */
  private Future<Outcome> governance(CommandRequest r) {
    Failure program = r.spec().command().equals("execute_command")
        ? settings.governance().checkProgram(r.params().path("command").asText()) : null;
    if (r.agentId() == null) {
      return program == null ? Future.succeededFuture() : reject(r, program);
    }
    return agents.find(r.agentId()).compose(agent -> {
      if (agent == null) {
        return reject(r, Failure.of("AGENT_NOT_FOUND", "No agent " + r.agentId() + " is registered",
            Map.of("agent_id", r.agentId())));
      }
      Failure denied = settings.governance().check(r.spec().command(), agent);
      return denied != null ? reject(r, denied) : program != null ? reject(r, program) : Future.succeededFuture();
    });
  }

  private Future<Outcome> reject(CommandRequest r, Failure f) {
    Instant now = hub.clock().instant();
    Command c = newCommand(r, CommandStatus.REJECTED, now, null);
    auditDenied(r, f.code(), f.details());
    ObjectNode body = Outcome.failure(403, f).body().put("command_id", c.id()).put("status", "REJECTED");
    // The refusal's words and details are kept with it, so a replay answers as the first call did.
    return commands.insert(c.withOutcome(CommandStatus.REJECTED, now, false, Outcome.refusal(f), null, f.code(), false))
        .map(v -> new Outcome(403, body));
  }

  private Future<Outcome> offline(CommandRequest r) {
    if (!r.queueIfOffline()) {
      return Future.succeededFuture(Outcome.deviceOffline(r.deviceId()));
    }
    Instant now = hub.clock().instant();
    Command c = newCommand(r, CommandStatus.QUEUED, now, now.plus(settings.queueTtl()));
    return commands.insert(c).compose(v -> {
      audit(c, "QUEUED", null, 0);
      return unlessRemoved(c);
    }).map(q -> {
      if (q.status() != CommandStatus.QUEUED) {
        return Outcome.of(q, false);
      }
      nudge(q.deviceId());
      return Outcome.queued(q);
    });
  }

  /**
   * A command just put in a device's queue, checked against a removal of the device that ran
   * meanwhile: the removal deletes the device and then cancels its queue, so a command queued after
   * that cancel finds the device gone here and is canceled itself. Answers the command as it stands.
   */
  private Future<Command> unlessRemoved(Command queued) {
    Future<Boolean> removed = devices.find(queued.deviceId())
        .map(d -> d == null || !d.ownerId().equals(queued.ownerId()))
        .recover(e -> {
          // A check that cannot be made leaves the command queued, as it was before the check existed.
          LOG.warn("could not check the device of queued command {}; it stays queued", queued.id(), e);
          return Future.succeededFuture(false);
        });
    return removed.compose(gone -> !gone ? Future.succeededFuture(queued)
        : cancelForRemoval(queued, hub.clock().instant())
            .compose(done -> done != null ? Future.succeededFuture(done) : commands.find(queued.id())));
  }

  /** Cancels a command of a removed device if it is still QUEUED (audited); null if it had moved on. */
  private Future<Command> cancelForRemoval(Command queued, Instant now) {
    return commands.transition(queued.withStatus(CommandStatus.CANCELED, now), List.of(CommandStatus.QUEUED),
        REMOVED_NOTE).map(done -> {
          if (done != null) {
            audit(done, CommandStatus.CANCELED.name(), null, 0);
          }
          return done;
        });
  }

  /** Tells every connection of the device that its queue changed (one registering meanwhile reads it again). */
  private void nudge(String deviceId) {
    hub.broker().publish(DeviceSocket.topic(deviceId), Delivery.text(DeviceSocket.QUEUE_CHANGED, null));
  }

  private Future<Outcome> runOnline(CommandRequest r, Directory.Entry entry) {
    if (pending.size() >= settings.maxPending()) {
      return Future.succeededFuture(Outcome.failure(503, Failure.of(PendingRequests.OVERLOADED,
          "Too many command calls are waiting for results; retry shortly",
          Map.of("max_pending", settings.maxPending()))));
    }
    Instant created = hub.clock().instant();
    Command queued = newCommand(r, CommandStatus.QUEUED, created,
        r.queueIfOffline() ? created.plus(settings.queueTtl()) : null);
    // The wait is taken first: a call that finds the waits full (others got past the check above
    // meanwhile) is refused before anything is stored or sent.
    Future<Command> reply = pending.await(queued.id(), r.timeout());
    if (reply.failed()) {
      return Future.succeededFuture(overloaded(reply.cause()));
    }
    // Stored and marked SENT in one transaction, then handed over.
    return commands.insertSent(queued, hub.clock().instant()).compose(sent -> handOver(sent).compose(h ->
        !h.reached() ? undelivered(r, h.sent(), entry)
            : reply.transform(ar -> stopping(ar.cause()) ? Future.succeededFuture(interrupted(queued))
                : finish(queued, ar, created))))
        .recover(e -> {
          pending.complete(queued.id(), null); // nothing will answer it now
          return Future.succeededFuture(overloaded(e));
        });
  }

  /**
   * The directory named a connection but none of the device's connections received the command
   * (its node died and the binding is not reaped yet, or the device just left): the stale binding
   * goes, and the command is queued (202) or, without queue_if_offline, ends UNDELIVERED (409).
   */
  private Future<Outcome> undelivered(CommandRequest r, Command sent, Directory.Entry stale) {
    pending.complete(sent.id(), null);
    hub.directory().unbind(DeviceSocket.name(r.deviceId()), stale.connectionId());
    if (r.queueIfOffline()) {
      return requeue(sent).compose(q -> q != null ? Future.succeededFuture(Outcome.queued(q)) : current(sent));
    }
    Failure offline = Outcome.offline(r.deviceId());
    // Kept with the command, like a refusal, so a replay answers as this call is answered.
    return commands.transition(sent.withOutcome(CommandStatus.UNDELIVERED, hub.clock().instant(), null,
        Outcome.refusal(offline), null, offline.code(), false), List.of(CommandStatus.SENT), UNDELIVERED_NOTE)
        .compose(done -> {
          if (done == null) {
            return current(sent);
          }
          audit(done, CommandStatus.UNDELIVERED.name(), null, 0);
          Outcome o = Outcome.failure(409, offline);
          o.body().put("command_id", done.id()).put("status", done.status().name());
          return Future.succeededFuture(o);
        });
  }

  private Future<Outcome> current(Command c) {
    return commands.find(c.id()).map(now -> Outcome.of(now, false));
  }

  /**
   * A SENT command nobody received goes back to QUEUED (keeping its expiry), unless its device was
   * removed meanwhile (then it ends CANCELED); null if it had moved on.
   */
  private Future<Command> requeue(Command sent) {
    return commands.transition(sent.withStatus(CommandStatus.QUEUED, hub.clock().instant()),
        List.of(CommandStatus.SENT), UNDELIVERED_NOTE).compose(q -> {
          if (q == null) {
            return Future.succeededFuture();
          }
          audit(q, CommandStatus.QUEUED.name(), null, 0);
          return unlessRemoved(q).map(now -> {
            if (now.status() != CommandStatus.QUEUED) {
              return null;
            }
            nudge(now.deviceId());
            return now;
          });
        });
  }

  /**
   * Sends a device's queued, unexpired commands oldest first, each after the previous one was
   * handed over. A command no connection received goes back to QUEUED and ends the round.
   */
  Future<Void> drain(String deviceId, String ownerId) {
    return commands.queued(deviceId, ownerId, hub.clock().instant()).compose(list -> {
      Future<Boolean> chain = Future.succeededFuture(true);
      for (Command cmd : list) {
        chain = chain.compose(go -> !go ? Future.succeededFuture(false) : send(cmd).compose(h ->
            h.sent() == null || h.reached() ? Future.succeededFuture(true) : requeue(h.sent()).map(q -> false)));
      }
      return chain.mapEmpty();
    });
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

  /**
   * Marks a command SENT and hands it to the device's connections through the broker. A publish
   * that failed counts as reached: whether it got anywhere is unknown, so the command waits for
   * its result or its timeout as before.
   */
  private Future<Handover> send(Command c) {
    return commands.transition(c.withStatus(CommandStatus.SENT, hub.clock().instant()), List.of(CommandStatus.QUEUED),
        null).compose(sent -> sent == null ? Future.succeededFuture(new Handover(null, false)) : handOver(sent));
  }

  /** Hands a SENT command to the device's connections through the broker. */
  private Future<Handover> handOver(Command sent) {
    return hub.broker().publishReached(DeviceSocket.topic(sent.deviceId()), Delivery.text(commandFrame(sent), null))
        .otherwise(Boolean.TRUE).map(reached -> new Handover(sent, reached));
  }

  /**
   * The call's answer once the wait is over: the result (the reply's command when it was stored on
   * this node, else read from the store), or TIMED_OUT when none came in time.
   */
  private Future<Outcome> finish(Command c, AsyncResult<Command> reply, Instant started) {
    long ms = hub.clock().millis() - started.toEpochMilli();
    if (reply.succeeded()) {
      return reply.result() != null ? Future.succeededFuture(Outcome.of(reply.result(), false))
          : commands.find(c.id()).map(now -> Outcome.of(now, false));
    }
    Instant now = hub.clock().instant();
    return commands.transition(c.withOutcome(CommandStatus.TIMED_OUT, now, null, null, null, "TIMEOUT", false),
        List.of(CommandStatus.SENT), "no result within " + ms + " ms").compose(timedOut -> {
          if (timedOut == null) {
            return finish(c, Future.succeededFuture(), started); // a result came meanwhile: read it
          }
          audit(timedOut, "TIMED_OUT", null, ms);
          return Future.succeededFuture(Outcome.of(timedOut, false));
        });
  }

  /**
   * A result frame from a device: stored (also when late) and announced to the waiting caller, at
   * once when it waits on this node, through the broker when it may wait on another.
   */
  Future<Failure> onResult(String deviceId, String commandId, boolean success, JsonNode data, String filePath,
      String error) {
    Instant now = hub.clock().instant();
    String result = data == null || data.isNull() ? null : Json.write(data);
    return commands.recordResult(commandId, deviceId, success, result, filePath, error, now).map(stored -> {
      if (stored == null) {
        return Failure.of("UNKNOWN_COMMAND", "No command " + commandId + " for this device",
            Map.of("command_id", commandId));
      }
      Command done = stored.done();
      if (done != null) {
        long ms = now.toEpochMilli() - stored.before().createdAt().toEpochMilli();
        String status = (success ? CommandStatus.SUCCEEDED : CommandStatus.FAILED).name();
        audit(done, done.lateResult() ? "LATE_" + status : status, null, ms);
        // A late or repeated result has nobody waiting; a caller on another node hears through the broker.
        if (!done.lateResult() && !pending.complete(commandId, done)) {
          hub.broker().publish(RESULTS_TOPIC, Delivery.text(commandId, null));
        }
      }
      return null;
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

  /**
   * Cancels every command still queued for a device its owner removed; answers how many. Each one
   * moves only if it is still {@code QUEUED}, so one a connection is sending at that moment is not
   * counted.
   */
  Future<Integer> cancelQueued(String deviceId, String ownerId) {
    Instant now = hub.clock().instant();
    return commands.queued(deviceId, ownerId, now).compose(queued -> {
      List<Future<Command>> moves = queued.stream().map(c -> cancelForRemoval(c, now)).toList();
      return Future.all(moves).map(all -> (int) moves.stream().filter(m -> m.result() != null).count());
    });
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
