package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.JsonDispatcher;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.Set;

/**
 * The app WebSocket ({@code /tpa-ws}, alias {@code /app-ws}). Within {@code glasses.app-init-timeout-ms}
 * the app sends {@code tpa_connection_init {sessionId, packageName, apiKey}} (the key may instead
 * come at upgrade as {@code Authorization: Bearer} or {@code x-api-key}, and the package then
 * follows from it) and gets {@code tpa_connection_ack}; every refusal is explained with
 * {@code tpa_connection_error {code, message}} before the close 1008. Then it sends
 * {@code subscription_update} and {@code display_event}. A socket naming a session another node
 * holds is relayed there ({@link AppRelays}).
 */
final class AppSocket implements SocketEndpoint {
  static final String PATH = "/tpa-ws";
  static final String ALIAS = "/app-ws";
  private static final Set<String> VIEWS = Set.of("main", "dashboard");

  private final Hub hub;
  private final GlassesSettings settings;
  private final AppAccess access;
  private final UserSessions sessions;
  private final AppLifecycle lifecycle;
  private final DisplayRelay displays;
  private final GlassesOutbox outbox;
  private final AppRelays relays;
  private final JsonDispatcher dispatcher;

  AppSocket(Hub hub, GlassesSettings settings, AppAccess access, UserSessions sessions, AppLifecycle lifecycle,
      DisplayRelay displays, GlassesOutbox outbox, AppRelays relays) {
    this.hub = hub;
    this.settings = settings;
    this.access = access;
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.displays = displays;
    this.outbox = outbox;
    this.relays = relays;
    this.dispatcher = JsonDispatcher.builder()
        .on("tpa_connection_init", this::init)
        .on("subscription_update", (c, m, raw) -> ready(c, link -> subscribe(c, link, m)))
        .onLarge("display_event", (c, m, raw) -> ready(c, link -> display(c, link, m)))
        .on("ownership_release", (c, m, raw) -> ready(c, link -> link.released = true))
        .build();
  }

  @Override
  public String profile() {
    return GlassesProfile.NAME;
  }

  @Override
  public Duration authTimeout() {
    return settings.appInitTimeout();
  }

  @Override
  public void onAuthTimeout(Connection c) {
    refuse(c, Failure.of(ErrorCode.INIT_TIMEOUT, "No tpa_connection_init within "
        + settings.appInitTimeout().toMillis() + " ms of connecting"));
  }

  @Override
  public String heartbeatCloseReason() {
    return GlassesSocket.HEARTBEAT_REASON;
  }

  @Override
  public String clientAddress(MultiMap upgradeHeaders, String peerAddress) {
    return relays.clientAddress(upgradeHeaders, peerAddress);
  }

  @Override
  public void onOpen(Connection c) {
    String key = upgradeKey(c);
    AppLink link = new AppLink(key == null ? Future.succeededFuture(null) : access.byKey(key, c.remoteIp()));
    c.attach(link);
    c.onMessages(text -> dispatcher.dispatch(c, text, hub.connections().limits()),
        data -> c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Apps send no binary frames")));
    link.proven.onFailure(e -> refuse(c, failure(e)));
  }

  /** An API key presented at upgrade: {@code x-api-key}, else {@code Authorization: Bearer}. */
  private static String upgradeKey(Connection c) {
    String key = c.header("x-api-key");
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String auth = c.header("Authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
  }

  @Override
  public void onClose(Connection c) {
    AppLink link = c.attachment();
    if (link != null && link.relay != null) {
      link.relay.appClosed();
      return;
    }
    UserSession s = link == null ? null : link.session;
    if (s != null) {
      s.run(() -> lifecycle.closed(s, link.run, c, link.released));
    }
  }

  private void init(Connection c, ObjectNode msg, String raw) {
    AppLink link = c.attachment();
    if (link.initStarted) {
      c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "tpa_connection_init was already sent on this connection"));
      return;
    }
    link.initStarted = true;
    Fields f = new Fields(msg);
    String sessionId = f.string("sessionId", 600);
    String packageName = f.optionalString("packageName", 255);
    String key = f.optionalString("apiKey", 512);
    if (!f.ok()) {
      refuse(c, f.failure());
      return;
    }
    link.proven.compose(proven -> access.authenticate(packageName, key, proven, c.remoteIp()))
        .compose(app -> attach(c, link, app, sessionId, raw))
        .onFailure(e -> refuse(c, failure(e)));
  }

  /**
   * Finds the user session named by {@code <userSessionId>-<packageName>}: the known package is
   * stripped from the end (user ids may contain dashes). A session held here is attached to; one
   * held by another node gets the socket relayed there, with the init as the app sent it.
   */
  private Future<?> attach(Connection c, AppLink link, App app, String sessionId, String init) {
    String suffix = "-" + app.packageName();
    String userSessionId = sessionId.endsWith(suffix) && sessionId.length() > suffix.length()
        ? sessionId.substring(0, sessionId.length() - suffix.length()) : null;
    UserSession s = userSessionId == null ? null : sessions.get(userSessionId);
    if (s != null) {
      return attachHere(c, link, app, s);
    }
    Future<Boolean> relayed = userSessionId == null ? Future.succeededFuture(false)
        : relays.relay(c, link, app.packageName(), userSessionId, init);
    return relayed.compose(ok -> ok ? Future.succeededFuture()
        : AppAccess.fail(ErrorCode.NO_ACTIVE_SESSION, "No active session " + sessionId));
  }

  /** Attaches to a session held here; the app must have been started in it. */
  private Future<AppRun> attachHere(Connection c, AppLink link, App app, UserSession s) {
    return s.call(() -> lifecycle.attach(s, app.packageName(), c, run -> acked(c, link, s, run),
        () -> link.released))
        .compose(run -> run != null ? Future.succeededFuture(run)
            : AppAccess.fail(ErrorCode.APP_NOT_STARTED, app.packageName() + " was not started in session "
                + s.id));
  }

  /** Runs on the session's context, before anything is routed to the app. */
  private void acked(Connection c, AppLink link, UserSession s, AppRun run) {
    link.run = run;
    link.session = s;
    c.authenticate(new Principal(run.packageName, null, Principal.Kind.API_KEY));
    c.send(GlassesFrames.appAck(run.appSessionId, hub.clock().instant()));
    hub.audit().record(new AuditEvent(hub.clock().instant(), "glasses.app.connect", GlassesProfile.NAME,
        s.user.userId(), c.remoteIp(), run.packageName, "success", null));
  }

  private void refuse(Connection c, Failure f) {
    if (c.isClosed()) {
      return;
    }
    hub.metrics().error(GlassesProfile.NAME, f.code());
    hub.audit().record(new AuditEvent(hub.clock().instant(), "glasses.app.connect", GlassesProfile.NAME, null,
        c.remoteIp(), AppSocket.PATH, "failure", f.code()));
    c.send(GlassesFrames.appError(f.code(), f.message(), hub.clock().instant()));
    c.close(CloseCodes.POLICY, reason(f));
  }

  /** A close reason within the 123 bytes a close frame allows. */
  private static String reason(Failure f) {
    String m = f.message();
    return m.length() <= 120 ? m : m.substring(0, 117) + "...";
  }

  private static Failure failure(Throwable e) {
    return e instanceof FailureException f ? f.failure() : Failure.of(ErrorCode.INTERNAL, "Could not check the app");
  }

  private void ready(Connection c, java.util.function.Consumer<AppLink> action) {
    AppLink link = c.attachment();
    if (link.session == null) {
      c.sendError(Failure.of(ErrorCode.NOT_INITIALIZED, "Send tpa_connection_init first"));
      return;
    }
    action.accept(link);
  }

  private void subscribe(Connection c, AppLink link, ObjectNode msg) {
    Fields f = new Fields(msg);
    checkPackage(f, link, msg);
    Subscriptions subs = Subscriptions.parse(msg.get("subscriptions"), f);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    UserSession s = link.session;
    s.run(() -> {
      if (link.run.connection == c) {
        link.run.subscriptions = subs;
        outbox.routesChanged(s);
      }
    });
  }

  private void display(Connection c, AppLink link, ObjectNode msg) {
    Fields f = new Fields(msg);
    checkPackage(f, link, msg);
    String view = msg.hasNonNull("view") ? f.oneOf("view", VIEWS) : "main";
    ObjectNode layout = Layouts.read(msg, f);
    long duration = f.optionalLong("durationMs", 0, -1);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    UserSession s = link.session;
    s.run(() -> {
      if (link.run.connection == c && s.apps.get(link.run.packageName) == link.run) {
        displays.request(s, link.run.packageName, view, layout, duration < 0 ? null : duration);
      }
    });
  }

  private static void checkPackage(Fields f, AppLink link, ObjectNode msg) {
    String given = f.optionalString("packageName", 255);
    if (given != null && !given.equals(link.run.packageName)) {
      f.fail("packageName", "must be this connection's package " + link.run.packageName);
    }
  }
}
