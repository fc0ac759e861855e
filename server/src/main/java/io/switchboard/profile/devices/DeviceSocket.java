package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.JsonDispatcher;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.core.presence.Directory;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The device WebSocket ({@code /api/devices/ws?token=USER_JWT}): registration within a deadline,
 * commands out, results in, heartbeats with probes and a silence cutoff.
 *
 * <p>A registering device is made reachable before it is announced: its connection subscribes to
 * the device's topic, waits until the subscription is ready (publishes from every node reach it),
 * tells older connections of the device anywhere to close, binds {@code device:<id>} in the
 * directory, answers {@code registered} and only then reads its queue. Besides command frames the
 * topic carries three control texts (never JSON): {@link #QUEUE_CHANGED}, after which the connection
 * reads its queue again, {@link #REPLACED}, which closes every connection of the device but the new
 * one, and {@link #removed}, which closes those of the owner who removed the device.
 */
final class DeviceSocket implements SocketEndpoint {
  static final String PATH = "/api/devices/ws";
  /** On a device's topic: a command was queued for it. */
  static final String QUEUE_CHANGED = "queue-changed";
  /** On a device's topic, excluding the new connection: a newer connection of the device registered. */
  static final String REPLACED = "replaced";
  /** On a device's topic, followed by the owner: that owner removed the device from the registry. */
  private static final String REMOVED = "removed:";
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

  private final Hub hub;
  private final DevicesSettings settings;
  private final DeviceRepository devices;
  private final CommandService service;
  private final JsonDispatcher dispatcher;

  DeviceSocket(Hub hub, DevicesSettings settings, DeviceRepository devices, CommandService service) {
    this.hub = hub;
    this.settings = settings;
    this.devices = devices;
    this.service = service;
    this.dispatcher = JsonDispatcher.builder()
        .on("register", this::register)
        .onLarge("result", this::result)
        .on("heartbeat", this::heartbeat)
        .on("heartbeat_ack", (c, m, raw) -> { })
        .on("error", (c, m, raw) -> { })
        .build();
  }

  static String name(String deviceId) {
    return "device:" + deviceId;
  }

  static String topic(String deviceId) {
    return "devices:" + deviceId;
  }

  @Override
  public String profile() {
    return DevicesProfile.NAME;
  }

  @Override
  public Duration authTimeout() {
    return settings.registrationTimeout();
  }

  @Override
  public String authTimeoutReason() {
    return "Registration timeout";
  }

  @Override
  public void onOpen(Connection c) {
    String token = c.queryParam("token");
    if (token == null) {
      String auth = c.header("Authorization");
      token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }
    hub.credentials().verifyUser(token).onComplete(ar -> {
      if (ar.failed()) {
        String why = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
        hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", DevicesProfile.NAME, null,
            c.remoteIp(), PATH, "failure", why));
        c.close(CloseCodes.POLICY, "Invalid token");
        return;
      }
      c.attach(new DeviceSession(ar.result()));
      c.onMessages(text -> dispatcher.dispatch(c, text, hub.connections().limits()),
          data -> c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Binary frames are not part of this protocol")));
    });
  }

  private void register(Connection c, ObjectNode msg, String raw) {
    DeviceSession s = c.attachment();
    Fields f = new Fields(msg);
    String id = f.string("device_node_id", 128);
    ObjectNode info = f.object("device_info");
    if (id != null && !DEVICE_ID.matcher(id).matches()) {
      f.fail("device_node_id", "may hold letters, digits and _ . : @ - only");
    }
    Fields i = new Fields(info);
    String name = i.optionalString("name", 255);
    String nodeType = i.optionalString("node_type", 64);
    String platform = i.optionalString("platform", 64);
    String version = i.optionalString("platform_version", 64);
    String arch = i.optionalString("architecture", 64);
    List<String> caps = capabilities(info, i);
    if (f.ok() && !i.ok()) {
      f.fail("device_info." + i.failure().details().get("field"), String.valueOf(i.failure().details().get("reason")));
    }
    if (f.ok() && s.deviceId != null && !s.deviceId.equals(id)) {
      f.fail("device_node_id", "cannot change on a registered connection");
    }
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    Instant now = hub.clock().instant();
    devices.upsert(new Device(id, s.user.userId(), name, nodeType, platform, version, arch, caps, now, now),
            settings.maxPerUser())
        .onComplete(ar -> {
          if (ar.failed() && ar.cause() instanceof DeviceRepository.LimitReached) {
            refuseOverLimit(c, s, id);
          } else if (ar.failed() && ar.cause() instanceof DeviceRepository.OwnedByAnother o) {
            refuseForeign(c, s, id, o.ownerId());
          } else if (ar.failed()) {
            c.sendError(Failure.of(ErrorCode.INTERNAL, "Registration failed; try again"));
          } else {
            registered(c, s, ar.result());
          }
        });
  }

  private static List<String> capabilities(ObjectNode info, Fields f) {
    List<String> caps = new ArrayList<>();
    JsonNode arr = info == null ? null : info.get("capabilities");
    if (arr == null || arr.isNull()) {
      return caps;
    }
    if (!arr.isArray() || arr.size() > 64) {
      f.fail("capabilities", "must be an array of at most 64 strings");
      return caps;
    }
    for (JsonNode n : arr) {
      if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > 64 || n.asText().contains(",")) {
        f.fail("capabilities", "must hold strings of 1 to 64 characters without commas");
        return caps;
      }
      caps.add(n.asText());
    }
    return caps;
  }

  private void refuseOverLimit(Connection c, DeviceSession s, String id) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), "device.register", DevicesProfile.NAME,
        s.user.userId(), c.remoteIp(), id, "denied", "DEVICE_LIMIT_REACHED"));
    c.sendError(Failure.of("DEVICE_LIMIT_REACHED", "This user already has " + settings.maxPerUser()
        + " devices, the most devices.max-per-user allows", Map.of("max_devices", settings.maxPerUser())));
    c.close(CloseCodes.POLICY, "Device limit reached");
  }

  /** {@code owner} is the device's owner as the refused registration found it; it reads the attempt in its trail. */
  private void refuseForeign(Connection c, DeviceSession s, String id, String owner) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), "device.register", DevicesProfile.NAME,
        s.user.userId(), c.remoteIp(), id, "denied", "DEVICE_OWNED_BY_ANOTHER_USER", owner));
    c.sendError(Failure.of("DEVICE_OWNED_BY_ANOTHER_USER", "Device " + id + " is registered to another user",
        Map.of("device_node_id", id)));
    c.close(CloseCodes.POLICY, "Device registered to another user");
  }

  private void registered(Connection c, DeviceSession s, Device d) {
    boolean first = s.deviceId == null;
    s.deviceId = d.id();
    c.authenticate(s.user);
    hub.audit().record(new AuditEvent(hub.clock().instant(), "device.register", DevicesProfile.NAME,
        s.user.userId(), c.remoteIp(), d.id(), "success", String.join(",", d.capabilities())));
    if (!first) {
      announce(c, d);
      return;
    }
    s.subscription = hub.broker().subscribe(topic(d.id()), receiver(c, s));
    // A removal whose notice came before this connection was subscribed left it no other sign: the
    // registry is read again once the subscription is ready, before older connections are closed.
    Future<Boolean> stillOwned = s.subscription.ready().compose(v -> devices.find(d.id()))
        .map(now -> now != null && now.ownerId().equals(s.user.userId()));
    stillOwned
        .compose(owned -> !owned ? Future.succeededFuture()
            : hub.broker().publish(topic(d.id()), Delivery.text(REPLACED, c.id()))
                .compose(v -> s.closed ? Future.succeededFuture() : hub.directory().bind(name(d.id()),
                    new Directory.Entry(c.id(), s.user.userId(), DevicesProfile.NAME, hub.nodeId()))))
        .onComplete(ar -> c.context().runOnContext(x -> {
          if (s.closed) {
            return;
          }
          if (ar.succeeded() && !stillOwned.result()) {
            removed(c, d.id());
            return;
          }
          if (ar.failed()) {
            c.sendError(Failure.of(ErrorCode.INTERNAL, "Registration failed; try again"));
            c.close(CloseCodes.INTERNAL, "Registration failed");
            return;
          }
          announce(c, d);
          s.registered = true;
          drain(c, s);
        }));
  }

  private void announce(Connection c, Device d) {
    c.send(Json.write(Json.object().put("type", "connected").put("device_node_id", d.id())
        .put("server_time", Json.time(hub.clock().instant()))
        .put("heartbeat_interval", settings.probeAfter().toSeconds())));
    c.send(Json.write(Json.object().put("type", "registered").put("device_node_id", d.id())
        .put("registered_at", Json.time(d.lastSeen()))));
  }

  /**
   * Sends the queued commands, oldest first. One round at a time per connection; a nudge during a
   * round asks for another, so commands queued meanwhile go out after the earlier ones. Runs on
   * the connection's event loop.
   */
  private void drain(Connection c, DeviceSession s) {
    if (s.draining) {
      s.drainAgain = true;
      return;
    }
    s.draining = true;
    s.drainAgain = false;
    service.drain(s.deviceId, s.user.userId()).onComplete(ar -> c.context().runOnContext(v -> {
      s.draining = false;
      if (s.drainAgain && !s.closed) {
        drain(c, s);
      }
    }));
  }

  /** Command frames go to the device as they are; the control texts act on the connection. */
  private Receiver receiver(Connection c, DeviceSession s) {
    return new Receiver() {
      @Override
      public String id() {
        return c.id();
      }

      @Override
      public void receive(Delivery d) {
        String text = d.text();
        if (QUEUE_CHANGED.equals(text)) {
          c.context().runOnContext(v -> {
            if (s.registered && !s.closed) {
              drain(c, s);
            }
          });
        } else if (REPLACED.equals(text)) {
          c.close(CloseCodes.NORMAL, "Replaced by a newer connection");
        } else if (text.startsWith(REMOVED)) {
          // A connection the same id has since been registered on by another user is not theirs to close.
          if (text.substring(REMOVED.length()).equals(s.user.userId())) {
            removed(c, s.deviceId);
          }
        } else {
          c.send(text);
        }
      }
    };
  }

  /** The notice, for the device's topic, that {@code ownerId} removed it. */
  static String removed(String ownerId) {
    return REMOVED + ownerId;
  }

  private static void removed(Connection c, String deviceId) {
    c.sendError(Failure.of("DEVICE_REMOVED", "Device " + deviceId + " was removed by its owner",
        Map.of("device_node_id", deviceId)));
    c.close(CloseCodes.POLICY, "Device removed");
  }

  private void result(Connection c, ObjectNode msg, String raw) {
    DeviceSession s = c.attachment();
    if (s.deviceId == null) {
      c.sendError(Failure.of("NOT_REGISTERED", "Send register first"));
      return;
    }
    Fields f = new Fields(msg);
    String commandId = f.string("command_id", 64);
    JsonNode success = msg.get("success");
    if (f.ok() && (success == null || !success.isBoolean())) {
      f.fail("success", "must be true or false");
    }
    String filePath = f.optionalString("file_path", 1000);
    String error = f.optionalString("error", 2000);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    service.onResult(s.deviceId, commandId, success.asBoolean(), msg.get("data"), filePath, error)
        .onSuccess(problem -> {
          if (problem != null) {
            c.sendError(problem);
          }
        });
  }

  private void heartbeat(Connection c, ObjectNode msg, String raw) {
    c.send(Json.write(Json.object().put("type", "heartbeat_ack").put("timestamp", Json.time(hub.clock().instant()))));
  }

  @Override
  public void onSweep(Connection c, long silentMillis) {
    DeviceSession s = c.attachment();
    if (s == null || s.deviceId == null) {
      return;
    }
    if (silentMillis >= settings.silenceLimit().toMillis()) {
      c.close(CloseCodes.HEARTBEAT_LOST, "No heartbeat for " + settings.silenceLimit().toSeconds() + " s");
    } else if (silentMillis >= settings.probeAfter().toMillis()) {
      c.send(Json.write(Json.object().put("type", "heartbeat_probe").put("timestamp",
          Json.time(hub.clock().instant()))));
    }
  }

  @Override
  public void onClose(Connection c) {
    DeviceSession s = c.attachment();
    if (s == null || s.deviceId == null) {
      return;
    }
    s.closed = true;
    if (s.subscription != null) {
      s.subscription.cancel();
    }
    hub.directory().unbind(name(s.deviceId), c.id());
    devices.touch(s.deviceId, hub.clock().instant());
  }
}
