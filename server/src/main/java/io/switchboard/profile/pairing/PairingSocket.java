package io.switchboard.profile.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelView;
import io.switchboard.core.channel.JoinOutcome;
import io.switchboard.core.channel.Relayed;
import io.switchboard.core.channel.SeqText;
import io.switchboard.core.channel.StateChange;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.JsonDispatcher;
import io.switchboard.core.conn.MessageScan;
import io.switchboard.core.conn.QueryString;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.core.presence.Directory;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;

/**
 * The pairing WebSocket ({@code ws://host:8089/ws?token=WS_TOKEN}): identify, join a paired channel,
 * relay channel messages, settings and audio to the other member, keep the channel's state.
 */
final class PairingSocket implements SocketEndpoint {
  private static final Set<String> DEVICE_TYPES = Set.of(PairingChannels.DESKTOP, PairingChannels.MOBILE);
  private static final int SESSION_ID_MAX = 128;
  static final String SETTINGS_KEY = "settings";
  static final String STATE_PREFIX = "state:";

  private final Hub hub;
  private final PairingSettings settings;
  private final JsonDispatcher dispatcher;

  PairingSocket(Hub hub, PairingSettings settings) {
    this.hub = hub;
    this.settings = settings;
    this.dispatcher = JsonDispatcher.builder()
        .on("identify", this::identify)
        .on("join_channel", this::join)
        .on("channel_message", this::channelMessage)
        .scanned("channel_message", this::channelMessageScanned, "action")
        .on("settings_sync", this::settingsSync)
        .onLarge("audio_chunk", this::audioChunk)
        .on("ping", this::ping)
        .build();
  }

  @Override
  public String profile() {
    return PairingProfile.NAME;
  }

  @Override
  public void onOpen(Connection c) {
    hub.credentials().verifyWsToken(token(c)).onComplete(ar -> {
      if (ar.failed()) {
        String message = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
        hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", PairingProfile.NAME, null,
            c.remoteIp(), "/ws", "failure", message));
        c.sendError(Failure.of(ErrorCode.INVALID_TOKEN, message));
        c.close(CloseCodes.POLICY, "Invalid token");
        return;
      }
      Principal p = ar.result();
      c.authenticate(p);
      c.attach(new PairingSession());
      c.onMessages(text -> dispatcher.dispatch(c, text, hub.connections().limits()), data -> binary(c, data));
      hub.directory().register(new Directory.Entry(c.id(), p.userId(), PairingProfile.NAME, hub.nodeId()));
      c.send(Json.write(Json.object().put("type", "connected").put("client_id", c.id())));
    });
  }

  /** The WS token from ?token=, the subprotocol Bearer.TOKEN, or an Authorization header. */
  private static String token(Connection c) {
    return token(c.queryParam("token"), c.subProtocol(), c.header("Authorization"));
  }

  private static String token(String query, String subProtocol, String authorization) {
    if (query != null && !query.isEmpty()) {
      return query;
    }
    if (subProtocol != null && subProtocol.startsWith("Bearer.")) {
      return subProtocol.substring("Bearer.".length());
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }

  /**
   * A user's sockets share an event loop: a desktop and the mobiles it pairs with belong to one
   * user, so their relayed messages stay on one thread. The user is the one a valid token names
   * (checked here as {@link #onOpen} checks it, so nobody steers sockets with a forged one); a
   * socket without one stays where it was accepted.
   */
  @Override
  public String loopKey(String query, MultiMap upgradeHeaders, String subProtocol) {
    Future<Principal> user = hub.credentials().verifyWsToken(token(QueryString.param(query, "token"), subProtocol,
        upgradeHeaders.get("Authorization")));
    return user.succeeded() ? user.result().userId() : null;
  }

  @Override
  public void onClose(Connection c) {
    hub.directory().unregister(c.id());
    PairingSession s = c.attachment();
    if (s != null && s.channel != null) {
      leave(c, s, "Connection closed");
    }
  }

  private void identify(Connection c, ObjectNode msg, String raw) {
    PairingSession s = c.attachment();
    Fields f = new Fields(msg);
    String deviceType = f.oneOf("device_type", DEVICE_TYPES);
    String sessionId = f.string("session_id", SESSION_ID_MAX);
    f.optionalString("user_agent", 256);
    checkDeviceType(c, deviceType, f);
    if (f.ok() && s.channel != null && !(sessionId.equals(s.sessionId) && deviceType.equals(s.deviceType))) {
      f.fail("session_id", "cannot change while joined to a channel");
    }
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    s.deviceType = deviceType;
    s.sessionId = sessionId;
    c.send(Json.write(Json.object().put("type", "identified").put("device_type", deviceType)
        .put("session_id", sessionId)));
  }

  /** A WS token issued for one device type cannot identify as the other. */
  private static void checkDeviceType(Connection c, String deviceType, Fields f) {
    String issued = c.principal().deviceType();
    if (deviceType != null && issued != null && !issued.equals(deviceType)) {
      f.fail("device_type", "does not match the token, which was issued for " + issued);
    }
  }

  private void join(Connection c, ObjectNode msg, String raw) {
    PairingSession s = c.attachment();
    Fields f = new Fields(msg);
    String channel = f.string("channel", 64);
    String deviceType = f.oneOf("device_type", DEVICE_TYPES);
    String sessionId = f.string("session_id", SESSION_ID_MAX);
    long lastSeq = f.optionalLong("last_seq", 0, -1);
    checkDeviceType(c, deviceType, f);
    if (f.ok() && s.identified() && !(sessionId.equals(s.sessionId) && deviceType.equals(s.deviceType))) {
      f.fail("session_id", "must match the identified session");
    }
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    Binding who = new Binding(c.principal().userId(), sessionId);
    slotOf(channel, deviceType, who).compose(slot -> hub.channels().join(channel, slot, who, c.id(), lastSeq))
        .onComplete(ar -> answerJoin(c, s, channel, deviceType, sessionId, ar));
  }

  private void answerJoin(Connection c, PairingSession s, String channel, String deviceType, String sessionId,
      AsyncResult<JoinOutcome> ar) {
    if (ar.failed()) {
      c.sendError(Failure.of(ErrorCode.INTERNAL, "Join failed; try again"));
      return;
    }
    JoinOutcome outcome = ar.result();
    if (outcome instanceof JoinOutcome.Joined joined) {
      if (s.channel != null && !s.channel.equals(channel)) {
        leave(c, s, "Joined another channel");
      }
      joined(c, s, deviceType, sessionId, joined);
    } else if (outcome instanceof JoinOutcome.Full full) {
      c.sendError(Failure.of(ErrorCode.CHANNEL_FULL, "Maximum number of devices already connected to channel",
          Map.of("channel", channel, "max_devices", full.max(), "current_devices", full.current())));
    } else {
      hub.audit().record(new AuditEvent(hub.clock().instant(), "pairing.join", PairingProfile.NAME,
          c.principal().userId(), c.remoteIp(), channel, "denied", ErrorCode.INVALID_CHANNEL));
      c.sendError(invalidChannel(channel));
    }
  }

  /**
   * The slot a join is for: the device type's own, except a mobile in a channel of more than two
   * devices, which joins the mobile slot its session paired into.
   */
  private Future<String> slotOf(String channel, String deviceType, Binding who) {
    if (!settings.groups() || !deviceType.equals(PairingChannels.MOBILE)) {
      return Future.succeededFuture(deviceType);
    }
    return hub.channels().get(channel).map(view -> {
      String slot = view == null ? null : PairingChannels.mobileSlotOf(view, who);
      return slot == null ? PairingChannels.MOBILE : slot;
    });
  }

  private void joined(Connection c, PairingSession s, String deviceType, String sessionId, JoinOutcome.Joined j) {
    ChannelView view = j.view();
    // The channel's binding holds an equal session id (the join checked it); the session keeps that
    // instance rather than a second copy for the connection's life.
    ChannelView.Member me = view.member(c.id());
    s.deviceType = deviceType;
    s.sessionId = me != null ? me.sessionId() : sessionId;
    if (!view.name().equals(s.channel) || s.subscription == null) {
      s.channel = view.name();
      s.topic = PairingChannels.topic(s.channel);
      s.subscription = hub.broker().subscribe(s.topic, receiver(c));
    }
    String topic = s.topic;
    // In a cluster the subscription takes a round trip to Redis; the member hears it joined only once
    // what the other member sends next is sure to reach it.
    s.subscription.ready().onComplete(ar -> announce(c, sessionId, deviceType, j, topic));
  }

  private void announce(Connection c, String sessionId, String deviceType, JoinOutcome.Joined j, String topic) {
    ChannelView view = j.view();
    c.send(Json.write(channelJoined(view)));
    for (Relayed r : j.replay()) {
      c.send(r.text());
    }
    hub.broker().publish(topic, Delivery.text(Json.write(Json.object().put("type", "client_joined")
        .put("client_id", sessionId).put("device_type", deviceType)), c.id()));
    pairingSuccess(c, deviceType, view, topic);
  }

  /**
   * Once the desktop and a mobile are in, {@code pairing_success} goes to every member when the
   * join made the pair (the desktop joined, or the first mobile did), and to the joiner alone when
   * it is one more mobile in a channel that was already paired.
   */
  private void pairingSuccess(Connection c, String deviceType, ChannelView view, String topic) {
    boolean desktopIn = false;
    int mobilesIn = 0;
    for (ChannelView.Member m : view.members()) {
      if (PairingChannels.isMobile(m.slot())) {
        mobilesIn++;
      } else if (m.slot().equals(PairingChannels.DESKTOP)) {
        desktopIn = true;
      }
    }
    if (!desktopIn || mobilesIn == 0) {
      return;
    }
    String text = Json.write(Json.object().put("type", "pairing_success").put("code", view.attributes().get("code"))
        .put("channelId", view.name()).put("channel_id", view.name()).put("message", "Devices paired successfully"));
    if (deviceType.equals(PairingChannels.DESKTOP) || mobilesIn == 1) {
      hub.broker().publish(topic, Delivery.text(text, null));
    } else {
      c.send(text);
    }
  }

  private static Receiver receiver(Connection c) {
    return new Receiver() {
      @Override
      public String id() {
        return c.id();
      }

      @Override
      public void receive(Delivery d) {
        if (d.binary() != null) {
          c.sendBinaryDroppable(d.binary());
        } else if (d.droppable()) {
          c.sendDroppable(d.text());
        } else {
          c.send(d.text());
        }
      }
    };
  }

  private static ObjectNode channelJoined(ChannelView view) {
    ArrayNode members = Json.MAPPER.createArrayNode();
    for (ChannelView.Member m : view.members()) {
      members.add(Json.object().put("client_id", m.sessionId()).put("device_type", PairingChannels.deviceType(m.slot()))
          .put("session_id", m.sessionId()));
    }
    ObjectNode states = Json.object();
    ObjectNode state = Json.object().put("version", view.version());
    ChannelView.Versioned settings = view.state().get(SETTINGS_KEY);
    state.set("settings", settings == null ? Json.object() : settings.value());
    state.put("settings_version", settings == null ? 0 : settings.version());
    view.state().forEach((key, v) -> {
      if (key.startsWith(STATE_PREFIX)) {
        states.set(key.substring(STATE_PREFIX.length()),
            Json.object().put("version", v.version()).set("data", v.value()));
      }
    });
    state.set("states", states);
    ObjectNode out = Json.object().put("type", "channel_joined").put("channel", view.name())
        .put("channelId", view.name()).put("paired", view.bound()).put("seq", view.seq());
    out.set("members", members);
    out.set("state", state);
    return out;
  }

  private void channelMessage(Connection c, ObjectNode msg, String raw) {
    Fields f = new Fields(msg);
    String channel = f.string("channelId", 64);
    ObjectNode payload = f.object("payload");
    StateChange change = null;
    if (f.ok() && "STATE_UPDATE".equals(payload.path("action").asText(null))) {
      String stateType = new Fields(payload).string("stateType", 64);
      JsonNode data = payload.get("data");
      if (stateType == null) {
        f.fail("payload.stateType", "is required for STATE_UPDATE and must be 1 to 64 characters");
      } else if (data == null || data.isNull()) {
        f.fail("payload.data", "is required for STATE_UPDATE");
      } else {
        change = new StateChange(STATE_PREFIX + stateType, data, false);
      }
    }
    relay(c, msg, raw, f, channel, change);
  }

  /**
   * The common case of {@link #channelMessage} without the message's tree: a channel name, an
   * object payload that is not a state update, no seq of the client's own. Anything else (and
   * every error) goes the tree's way.
   */
  private boolean channelMessageScanned(Connection c, MessageScan msg, String raw) {
    String channel = msg.string("channelId");
    if (channel == null || channel.isEmpty() || channel.length() > 64 || !msg.isObject("payload") || msg.has("seq")
        || "STATE_UPDATE".equals(msg.string("payload", "action"))) {
      return false;
    }
    relay(c, channel, null, SeqText.of(raw));
    return true;
  }

  private void settingsSync(Connection c, ObjectNode msg, String raw) {
    Fields f = new Fields(msg);
    String channel = f.string("channelId", 64);
    ObjectNode settings = f.object("settings");
    if (settings != null) {
      SettingsRules.check(settings, f);
    }
    relay(c, msg, raw, f, channel, f.ok() ? new StateChange(SETTINGS_KEY, settings, true) : null);
  }

  private void relay(Connection c, ObjectNode msg, String raw, Fields f, String channel, StateChange change) {
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    relay(c, channel, change, SeqText.of(msg, raw));
  }

  private void relay(Connection c, String channel, StateChange change, SeqText text) {
    PairingSession s = c.attachment();
    if (!channel.equals(s.channel)) {
      c.sendError(invalidChannel(channel));
      return;
    }
    String topic = s.topic;
    hub.channels().relay(channel, c.id(), change, text).onComplete(ar -> {
      if (ar.failed()) {
        c.sendError(Failure.of(ErrorCode.INTERNAL, "Relay failed; try again"));
      } else if (ar.result() == null) {
        c.sendError(invalidChannel(channel));
      } else {
        hub.broker().publish(topic, Delivery.text(ar.result().text(), c.id()));
      }
    });
  }

  private void audioChunk(Connection c, ObjectNode msg, String raw) {
    Fields f = new Fields(msg);
    f.string("data", Integer.MAX_VALUE);
    f.optionalString("chunk_id", 128);
    f.optionalString("format", 32);
    f.optionalLong("sample_rate", 1, 0);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    PairingSession s = c.attachment();
    if (s.channel == null) {
      c.sendError(Failure.of(ErrorCode.INVALID_CHANNEL, "Join a channel before sending audio"));
      return;
    }
    hub.broker().publish(s.topic, Delivery.droppableText(raw, c.id()));
  }

  private void binary(Connection c, Buffer data) {
    if (!c.admitMessage()) {
      return;
    }
    PairingSession s = c.attachment();
    if (s.channel == null) {
      c.sendError(Failure.of(ErrorCode.INVALID_CHANNEL, "Join a channel before sending audio"));
      return;
    }
    hub.broker().publish(s.topic, Delivery.droppableBinary(data, c.id()));
  }

  private void ping(Connection c, ObjectNode msg, String raw) {
    ObjectNode pong = Json.object().put("type", "pong");
    JsonNode seq = msg.get("sequence");
    if (seq != null) {
      pong.set("sequence", seq);
    }
    pong.put("timestamp", Json.time(hub.clock().instant()));
    c.send(Json.write(pong));
  }

  private void leave(Connection c, PairingSession s, String reason) {
    String channel = s.channel;
    String topic = s.topic;
    s.channel = null;
    s.topic = null;
    if (s.subscription != null) {
      s.subscription.cancel();
      s.subscription = null;
    }
    hub.channels().leave(channel, c.id());
    hub.broker().publish(topic, Delivery.text(Json.write(Json.object()
        .put("type", s.deviceType + "_disconnected").put("session_id", s.sessionId).put("channel", channel)
        .put("reason", reason).put("force_disconnect", false)), c.id()));
  }

  /** Tells the members of an expired channel it is gone. */
  void expired(ChannelView view) {
    String reason = view.bound() ? "expired" : "code_expired";
    hub.broker().publish(PairingChannels.topic(view.name()), Delivery.text(Json.write(Json.object()
        .put("type", "channel_closed").put("channel", view.name()).put("reason", reason)), null));
  }

  private static Failure invalidChannel(String channel) {
    return Failure.of(ErrorCode.INVALID_CHANNEL, "Channel does not exist or has expired", Map.of("channel", channel));
  }
}
