package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.http.Rest;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices REST API: one POST per command; GETs for devices, commands and the audit trail; a
 * DELETE that cancels a queued command and one that removes a device.
 */
final class DeviceRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);
  private final Hub hub;
  private final DevicesSettings settings;
  private final DeviceRepository devices;
  private final CommandRepository commands;
  private final CommandService service;

  DeviceRoutes(Hub hub, DevicesSettings settings, DeviceRepository devices, CommandRepository commands,
      CommandService service) {
    this.hub = hub;
    this.settings = settings;
    this.devices = devices;
    this.commands = commands;
    this.service = service;
  }

  void mount(Router router) {
    for (CommandCatalog.Spec spec : CommandCatalog.ALL) {
      router.post(spec.path()).handler(ctx -> authenticated(ctx, (c, user) -> command(c, user, spec)));
    }
    router.get("/api/devices").handler(ctx -> authenticated(ctx, this::list));
    router.get("/api/devices/audit").handler(ctx -> authenticated(ctx, this::audit));
    router.get("/api/devices/commands/:id").handler(ctx -> authenticated(ctx, this::getCommand));
    router.delete("/api/devices/commands/:id").handler(ctx -> authenticated(ctx, (c, user) ->
        service.cancel(user.userId(), c.pathParam("id")).onComplete(ar -> reply(c, ar))));
    router.get("/api/devices/:id").handler(ctx -> authenticated(ctx, this::getDevice));
    router.delete("/api/devices/:id").handler(ctx -> authenticated(ctx, this::remove));
  }

  private void authenticated(RoutingContext ctx, BiConsumer<RoutingContext, Principal> next) {
    hub.credentials().verifyUser(Rest.bearer(ctx)).onComplete(ar -> {
      if (ar.succeeded()) {
        next.accept(ctx, ar.result());
        return;
      }
      String why = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
      hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", DevicesProfile.NAME, null,
          Rest.clientIp(ctx), ctx.request().path(), "failure", why));
      Rest.reply(ctx, 401, Outcome.failure(401, Failure.of(ErrorCode.INVALID_TOKEN, why)).body());
    });
  }

  private void command(RoutingContext ctx, Principal user, CommandCatalog.Spec spec) {
    JsonNode body = Rest.body(ctx);
    if (!(body instanceof ObjectNode)) {
      Rest.reply(ctx, 400, Outcome.failure(400, Failure.of(ErrorCode.INVALID_JSON, "Invalid JSON format")).body());
      return;
    }
    Fields f = new Fields(body);
    String deviceId = f.string("device_node_id", 128);
    String agentId = f.optionalString("agent_id", 128);
    String key = f.optionalString("idempotency_key", 128);
    long timeout = f.optionalLong("timeout_seconds", 1, settings.commandTimeout().toSeconds());
    if (timeout > settings.commandTimeoutMax().toSeconds()) {
      f.fail("timeout_seconds", "must be at most " + settings.commandTimeoutMax().toSeconds());
    }
    JsonNode queue = body.get("queue_if_offline");
    if (queue != null && !queue.isBoolean() && !queue.isNull()) {
      f.fail("queue_if_offline", "must be true or false");
    }
    ObjectNode params = CommandCatalog.params(spec.command(), body, f);
    if (!f.ok()) {
      Rest.reply(ctx, 400, Outcome.failure(400, f.failure()).body());
      return;
    }
    CommandRequest r = new CommandRequest(user.userId(), Rest.clientIp(ctx), deviceId, agentId,
        new CommandRequest.CatalogEntry(spec.command(), spec.capability()), params, key,
        queue != null && queue.asBoolean(), Duration.ofSeconds(timeout));
    service.submit(r).onComplete(ar -> reply(ctx, ar.map(o -> o)));
  }

  private static void reply(RoutingContext ctx, io.vertx.core.AsyncResult<Outcome> ar) {
    if (ar.failed()) {
      Rest.reply(ctx, 500, Outcome.failure(500, Failure.of(ErrorCode.INTERNAL, "Internal error")).body());
    } else {
      Rest.reply(ctx, ar.result().status(), ar.result().body());
    }
  }

  private void list(RoutingContext ctx, Principal user) {
    devices.byOwner(user.userId()).compose(list -> {
      List<Future<ObjectNode>> views = list.stream().map(this::view).toList();
      return Future.all(views).map(all -> {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        views.forEach(v -> arr.add(v.result()));
        ObjectNode out = Json.object().put("count", arr.size());
        out.set("devices", arr);
        return out;
      });
    }).onComplete(ar -> replyJson(ctx, ar));
  }

  private void getDevice(RoutingContext ctx, Principal user) {
    devices.find(ctx.pathParam("id")).compose(d -> d == null || !d.ownerId().equals(user.userId())
        ? Future.succeededFuture((ObjectNode) null) : view(d)).onComplete(ar -> {
          if (ar.succeeded() && ar.result() == null) {
            Rest.reply(ctx, 404, Outcome.failure(404, Failure.of("DEVICE_NOT_FOUND", "No such device")).body());
          } else {
            replyJson(ctx, ar);
          }
        });
  }

  /**
   * Removes one of the caller's devices: the registry row first (a command checked after it finds
   * no device, and one queued meanwhile cancels itself), then its queued commands are canceled and
   * every connection of the device on any node is told to close. Once the row is gone the removal
   * has happened: the other two steps are done as far as they can be and a failure is logged, since
   * a retry would find no device to remove.
   */
  private void remove(RoutingContext ctx, Principal user) {
    String id = ctx.pathParam("id");
    devices.remove(id, user.userId()).compose(removed -> {
      if (!removed) {
        return Future.succeededFuture(Outcome.failure(404, Failure.of("DEVICE_NOT_FOUND", "No such device")));
      }
      hub.audit().record(new AuditEvent(hub.clock().instant(), "device.remove", DevicesProfile.NAME, user.userId(),
          Rest.clientIp(ctx), id, "success", null));
      Future<Integer> canceled = service.cancelQueued(id, user.userId()).recover(e -> {
        LOG.warn("device {} removed, but its queued commands could not be canceled (they expire at their TTL)", id, e);
        return Future.succeededFuture(0);
      });
      Future<Void> told = canceled.compose(n -> hub.broker().publish(DeviceSocket.topic(id),
          Delivery.text(DeviceSocket.removed(user.userId()), null))).recover(e -> {
            LOG.warn("device {} removed, but its connections could not be told (they stay open until they close)",
                id, e);
            return Future.succeededFuture();
          });
      return told.map(v -> new Outcome(200, Json.object().put("success", true).put("device_node_id", id)
          .put("canceled_commands", canceled.result())));
    }).onComplete(ar -> reply(ctx, ar));
  }

  private Future<ObjectNode> view(Device d) {
    return hub.directory().lookup(DeviceSocket.name(d.id())).map(entry -> {
      ObjectNode n = Json.object().put("device_node_id", d.id()).put("name", d.name()).put("node_type", d.nodeType())
          .put("platform", d.platform()).put("platform_version", d.platformVersion())
          .put("architecture", d.architecture()).put("online", entry != null)
          .put("first_seen", Json.time(d.firstSeen())).put("last_seen", Json.time(d.lastSeen()));
      n.set("capabilities", Json.MAPPER.valueToTree(d.capabilities()));
      return n;
    });
  }

  private void getCommand(RoutingContext ctx, Principal user) {
    String id = ctx.pathParam("id");
    commands.find(id).compose(c -> c == null || !c.ownerId().equals(user.userId())
        ? Future.succeededFuture((ObjectNode) null)
        : commands.transitions(id).map(ts -> CommandViews.full(c, ts))).onComplete(ar -> {
          if (ar.succeeded() && ar.result() == null) {
            Rest.reply(ctx, 404, Outcome.failure(404, Failure.of("COMMAND_NOT_FOUND", "No such command")).body());
          } else {
            replyJson(ctx, ar);
          }
        });
  }

  private void audit(RoutingContext ctx, Principal user) {
    Instant since;
    try {
      String s = ctx.queryParams().get("since");
      since = s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      Rest.reply(ctx, 400, Outcome.failure(400, Failure.of(ErrorCode.INVALID_MESSAGE,
          "since must be an ISO-8601 time such as 2026-01-01T00:00:00Z")).body());
      return;
    }
    int limit = intParam(ctx, "limit", 100, 1000);
    long before = ctx.queryParams().get("before") == null ? Long.MAX_VALUE : intParam(ctx, "before", 0, Integer.MAX_VALUE);
    // The caller's own rows, and other users' attempts on the caller's devices.
    AuditLog.Query q = new AuditLog.Query(ctx.queryParams().get("kind"), user.userId(),
        ctx.queryParams().get("outcome"), since, limit, before, ctx.queryParams().get("device_node_id"), true);
    hub.audit().page(q).map(rows -> CommandViews.auditPage(rows, limit, user.userId()))
        .onComplete(ar -> replyJson(ctx, ar));
  }

  private static int intParam(RoutingContext ctx, String name, int dflt, int max) {
    String v = ctx.queryParams().get(name);
    try {
      return v == null ? dflt : Math.max(0, Math.min(max, Integer.parseInt(v)));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static void replyJson(RoutingContext ctx, io.vertx.core.AsyncResult<ObjectNode> ar) {
    if (ar.failed()) {
      Rest.reply(ctx, 500, Outcome.failure(500, Failure.of(ErrorCode.INTERNAL, "Internal error")).body());
    } else {
      Rest.reply(ctx, 200, ar.result());
    }
  }
}
