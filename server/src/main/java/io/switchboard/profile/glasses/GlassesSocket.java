package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.JsonDispatcher;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * The glasses WebSocket ({@code /glasses-ws}, user JWT as {@code Authorization: Bearer} or
 * {@code ?token=}): {@code connection_init} attaches it to the user's session, glasses events go
 * to the apps subscribed to them, binary frames (audio) to the apps subscribed to audio,
 * {@code start_app}/{@code stop_app} drive the apps.
 */
final class GlassesSocket implements SocketEndpoint {
  static final String PATH = "/glasses-ws";
  static final String HEARTBEAT_REASON = "Terminated by HeartbeatManager: no pong responses";

  /** Per-connection state; {@code session} is set once, by connection_init. */
  private static final class Link {
    final Principal user;
    volatile Future<UserSession> session;

    Link(Principal user) {
      this.user = user;
    }
  }

  private final Hub hub;
  private final GlassesSettings settings;
  private final UserSessions sessions;
  private final AppLifecycle lifecycle;
  private final DisplayRelay displays;
  private final GlassesOutbox outbox;
  private final JsonDispatcher dispatcher;

  GlassesSocket(Hub hub, GlassesSettings settings, UserSessions sessions, AppLifecycle lifecycle,
      DisplayRelay displays, GlassesOutbox outbox) {
    this.hub = hub;
    this.settings = settings;
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.displays = displays;
    this.outbox = outbox;
    JsonDispatcher.Builder b = JsonDispatcher.builder()
        .on("connection_init", this::init)
        .on("start_app", (c, m, raw) -> withSession(c, s -> startApp(c, s, m)))
        .on("stop_app", (c, m, raw) -> withSession(c, s -> stopApp(c, s, m)))
        .on("request_settings", (c, m, raw) -> withSession(c, s ->
            c.send(GlassesFrames.settingsUpdate(s, hub.clock().instant()))))
        .otherwise(this::event);
    this.dispatcher = b.build();
  }

  @Override
  public String profile() {
    return GlassesProfile.NAME;
  }

  @Override
  public String heartbeatCloseReason() {
    return HEARTBEAT_REASON;
  }

  @Override
  public void onOpen(Connection c) {
    hub.credentials().verifyUser(token(c)).onComplete(ar -> {
      if (ar.failed()) {
        String why = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
        hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", GlassesProfile.NAME, null,
            c.remoteIp(), PATH, "failure", why));
        c.send(GlassesFrames.connectionError(ErrorCode.INVALID_TOKEN, why, hub.clock().instant()));
        c.close(CloseCodes.POLICY, "Invalid token");
        return;
      }
      c.authenticate(ar.result());
      c.attach(new Link(ar.result()));
      c.onMessages(text -> dispatcher.dispatch(c, text, hub.connections().limits()), data -> audio(c, data));
    });
  }

  /** The user JWT from {@code Authorization: Bearer}, else {@code ?token=}. */
  private static String token(Connection c) {
    String auth = c.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return c.queryParam("token");
  }

  @Override
  public void onClose(Connection c) {
    Link link = c.attachment();
    if (link != null && link.session != null) {
      link.session.onSuccess(s -> sessions.detach(s, c));
    }
  }

  private void init(Connection c, ObjectNode msg, String raw) {
    Link link = c.attachment();
    if (link.session != null) {
      link.session.onSuccess(s -> s.run(() -> c.send(GlassesFrames.connectionAck(s, hub.clock().instant()))));
      return;
    }
    Promise<UserSession> attached = Promise.promise();
    link.session = attached.future();
    sessions.attach(link.user, c, s -> {
      c.send(GlassesFrames.connectionAck(s, hub.clock().instant()));
      displays.replay(s);
      if (!s.microphoneData.isEmpty()) {
        outbox.sendMicrophoneState(s);
      }
      hub.audit().record(new AuditEvent(hub.clock().instant(), "glasses.connect", GlassesProfile.NAME,
          link.user.userId(), c.remoteIp(), s.id, "success", null));
      attached.complete(s);
    });
  }

  private void withSession(Connection c, java.util.function.Consumer<UserSession> action) {
    Link link = c.attachment();
    if (link.session == null) {
      c.sendError(Failure.of(ErrorCode.NOT_INITIALIZED, "Send connection_init first"));
      return;
    }
    link.session.onSuccess(action::accept);
  }

  private void startApp(Connection c, UserSession s, ObjectNode msg) {
    Fields f = new Fields(msg);
    String packageName = f.string("packageName", 255);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    lifecycle.startApp(s, packageName).onFailure(e -> c.sendError(e instanceof FailureException fe ? fe.failure()
        : Failure.of(ErrorCode.INTERNAL, "Could not start " + packageName)));
  }

  private void stopApp(Connection c, UserSession s, ObjectNode msg) {
    Fields f = new Fields(msg);
    String packageName = f.string("packageName", 255);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    s.run(() -> lifecycle.stopApp(s, packageName));
  }

  /** Any other glasses message: checked, then passed to the apps subscribed to its stream. */
  private void event(Connection c, ObjectNode msg, String raw) {
    String type = msg.get("type").asText();
    Failure problem = GlassesEvents.check(type, msg);
    if (problem != null) {
      c.sendError(problem);
      return;
    }
    withSession(c, s -> route(s, StreamEvent.of(type, msg, settings.defaultLanguage())));
  }

  private void route(UserSession s, StreamEvent e) {
    Instant now = hub.clock().instant();
    for (RoutingTable.Route r : s.routes().routes()) {
      for (String streamType : r.subscriptions().match(e)) {
        hub.broker().publish(r.topic(), Delivery.text(GlassesFrames.dataStream(r.appSessionId(), streamType,
            e.data(), now), null));
      }
    }
  }

  /** Binary frames are audio: the same bytes go to every app subscribed to audio, droppable. */
  private void audio(Connection c, Buffer data) {
    if (!c.admitMessage()) {
      return;
    }
    withSession(c, s -> {
      for (String topic : s.routes().audioTopics()) {
        hub.broker().publish(topic, Delivery.droppableBinary(data, null));
      }
    });
  }
}
