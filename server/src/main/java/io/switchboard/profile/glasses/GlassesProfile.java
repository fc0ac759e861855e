package io.switchboard.profile.glasses;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import io.switchboard.core.Hub;
import io.switchboard.core.conn.SocketEndpoint;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The glasses profile (seed 003, wire-compatible with the {@code @mentra/sdk} 2.1 clients): user
 * sessions for glasses on {@code /glasses-ws}, third-party apps on {@code /tpa-ws} (alias
 * {@code /app-ws}) started through webhooks to their app servers, subscriptions, a display
 * manager, and the app-server and app REST APIs. In a cluster, an app socket that reaches a node
 * other than the one holding its user session is relayed to that node.
 */
public final class GlassesProfile {
  public static final String NAME = "glasses";
  public static final String GLASSES_PATH = GlassesSocket.PATH;
  public static final String APP_PATH = AppSocket.PATH;
  public static final String APP_ALIAS_PATH = AppSocket.ALIAS;
  private static final long SESSION_SWEEP_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(GlassesProfile.class);

  private final Hub hub;
  private final GlassesSettings settings;
  private final UserSessions sessions;
  private final DisplayRelay displays;
  private final AppLifecycle lifecycle;
  private final GlassesSocket glassesSocket;
  private final AppSocket appSocket;
  private final AppServerRoutes appServerRoutes;
  private final AppRoutes appRoutes;
  private volatile String appWebSocketUrl;
  private long sweepTimer = -1;
  private long tickTimer = -1;

  public GlassesProfile(Hub hub, AppRepository apps) {
    this.hub = hub;
    this.settings = GlassesSettings.from(hub.config());
    this.appWebSocketUrl = settings.appWebSocketUrl();
    GlassesOutbox outbox = new GlassesOutbox(hub);
    AppAccess access = new AppAccess(apps);
    AppServers servers = new AppServers();
    SessionOwners owners = new SessionOwners(hub);
    AppRelays relays = new AppRelays(hub, owners, new ForwardedFor(clusterSecret(hub), hub.clock()),
        settings.appInitTimeout());
    this.sessions = new UserSessions(hub, settings, owners);
    this.displays = new DisplayRelay(hub.clock(), outbox);
    this.lifecycle = new AppLifecycle(hub, settings, apps, servers, new Webhooks(hub.vertx(), settings), outbox,
        displays, () -> appWebSocketUrl);
    sessions.onEnd(lifecycle::sessionEnded);
    this.glassesSocket = new GlassesSocket(hub, settings, sessions, lifecycle, displays, outbox);
    this.appSocket = new AppSocket(hub, settings, access, sessions, lifecycle, displays, outbox, relays);
    this.appServerRoutes = new AppServerRoutes(hub, access, servers, lifecycle, sessions::all);
    this.appRoutes = new AppRoutes(hub, apps, sessions, lifecycle);
    hub.metrics().gauge("switchboard_glasses_sessions", sessions::size);
  }

  /** The cluster secret that signs relayed app sockets' addresses (empty: none); too short a secret is refused. */
  private static String clusterSecret(Hub hub) {
    String secret = hub.config().string(Keys.CLUSTER_SECRET);
    if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new ConfigException(Keys.CLUSTER_SECRET + " must be at least 32 bytes");
    }
    return secret;
  }

  public void mount(Router router) {
    appServerRoutes.mount(router);
    appRoutes.mount(router);
  }

  /** The WebSocket endpoints by path, all on the main listener. */
  public Map<String, SocketEndpoint> endpoints() {
    return Map.of(GLASSES_PATH, glassesSocket, APP_PATH, appSocket, APP_ALIAS_PATH, appSocket);
  }

  /**
   * Starts the session sweep and the display tick once the main listener is up; apps are told to
   * connect to {@code glasses.app-websocket-url}, or to this listener's {@code /app-ws}.
   */
  public void start(String host, int port) {
    if (appWebSocketUrl.isEmpty()) {
      String h = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
      appWebSocketUrl = "ws://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + APP_ALIAS_PATH;
      LOG.info("Glasses apps are told to connect to {}; set {} to a URL they can reach from elsewhere",
          appWebSocketUrl, Keys.GLASSES_APP_WS_URL);
    }
    sweepTimer = hub.vertx().setPeriodic(SESSION_SWEEP_MS, id -> sessions.sweep());
    tickTimer = hub.vertx().setPeriodic(Math.max(1, settings.displayTick().toMillis()), id -> displays.tick());
  }

  /** Stops the timers and restarts; sockets are closed by the server's drain. */
  public void stop() {
    lifecycle.stopping();
    if (sweepTimer >= 0) {
      hub.vertx().cancelTimer(sweepTimer);
      hub.vertx().cancelTimer(tickTimer);
    }
  }

  /** The WebSocket URL apps are sent in {@code session_request}. */
  public String appWebSocketUrl() {
    return appWebSocketUrl;
  }

  /** The streams an app connected in a user session is subscribed to (empty when it is not connected). */
  public List<String> subscriptions(String userSessionId, String packageName) {
    UserSession s = sessions.get(userSessionId);
    return s == null ? List.of() : s.routes().routes().stream().filter(r -> r.packageName().equals(packageName))
        .findFirst().map(r -> r.subscriptions().streams()).orElse(List.of());
  }

  /** Since when a user session has been without glasses (its grace running), or null when connected or absent. */
  public Instant glassesGoneSince(String userSessionId) {
    UserSession s = sessions.get(userSessionId);
    return s == null ? null : s.disconnectedAt;
  }

  /** User sessions on this node. */
  public int sessionCount() {
    return sessions.size();
  }
}
