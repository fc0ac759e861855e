package io.switchboard.profile.glasses;

import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts, connects, restarts and stops apps in user sessions. Starting an app POSTs a
 * {@code session_request} to its app server; the app is "loading" until its socket's
 * {@code tpa_connection_init} succeeds, then "active". An app socket that drops without a stop
 * gets a new {@code session_request} after {@code glasses.restart-delay-ms}, doubled per attempt,
 * at most {@code glasses.restart-max-attempts} times; then the app is "failed" (dormant: it still
 * should run, and an app server restart brings it back). {@code stop_app} sends
 * {@code stop_request} and closes the app socket 1000. Every method that takes a session runs on
 * that session's context.
 */
final class AppLifecycle {
  static final String STOPPED_BY_USER = "App stopped by user";

  private final Hub hub;
  private final GlassesSettings settings;
  private final AppRepository apps;
  private final AppServers servers;
  private final Webhooks webhooks;
  private final GlassesOutbox outbox;
  private final DisplayRelay displays;
  private final Supplier<String> appWebSocketUrl;
  private volatile boolean stopping;

  AppLifecycle(Hub hub, GlassesSettings settings, AppRepository apps, AppServers servers, Webhooks webhooks,
      GlassesOutbox outbox, DisplayRelay displays, Supplier<String> appWebSocketUrl) {
    this.hub = hub;
    this.settings = settings;
    this.apps = apps;
    this.servers = servers;
    this.webhooks = webhooks;
    this.outbox = outbox;
    this.displays = displays;
    this.appWebSocketUrl = appWebSocketUrl;
  }

  /** Looks the package up and starts it in the session; fails with UNKNOWN_PACKAGE. Returns the app's status. */
  Future<String> startApp(UserSession s, String packageName) {
    return apps.find(packageName).compose(app -> app == null
        ? AppAccess.<String>fail(ErrorCode.UNKNOWN_PACKAGE, "Unknown package: " + packageName)
        : s.call(() -> start(s, app)));
  }

  private String start(UserSession s, App app) {
    if (s.ended) {
      throw Failure.of(ErrorCode.NO_ACTIVE_SESSION, "The session has ended").asException();
    }
    AppRun run = s.apps.get(app.packageName());
    if (run != null && run.state != AppRun.State.DORMANT) {
      outbox.appState(s, run.packageName, run.status(), null);
      return run.status();
    }
    if (run == null) {
      run = new AppRun(app.packageName(), s.appSessionId(app.packageName()), servers.webhookUrl(app));
      s.apps.put(run.packageName, run);
    }
    run.restartAttempts = 0;
    run.state = AppRun.State.LOADING;
    displays.started(s, run.packageName);
    audit(s, "glasses.app.start", run.packageName, "success", null);
    outbox.appState(s, run.packageName, run.status(), null);
    requestSession(s, run);
    return run.status();
  }

  /** Stops an app for the user: {@code stop_request} to its server, its socket closed 1000. */
  void stopApp(UserSession s, String packageName) {
    AppRun run = s.apps.remove(packageName);
    if (run == null) {
      outbox.appState(s, packageName, "stopped", null);
      return;
    }
    cancelRestart(run);
    webhooks.post(run.webhookUrl, GlassesFrames.stopRequest(run.appSessionId, s.user.userId(), "user_disabled",
        hub.clock().instant()));
    disconnect(run, STOPPED_BY_USER, "user_disabled");
    displays.stopped(s, packageName);
    outbox.routesChanged(s);
    audit(s, "glasses.app.stop", packageName, "success", "user_disabled");
    outbox.appState(s, packageName, "stopped", null);
  }

  /**
   * An app socket proved who it is and named this session: it becomes the run's connection
   * (replacing an older one), subscribed to the run's topic; {@code acked} then sends the ack.
   * {@code released} tells whether the app has released its session since: the socket may close
   * while this runs, right after the app read its ack and released. Returns the run, or null when
   * the app was not started in the session.
   */
  AppRun attach(UserSession s, String packageName, Connection c, Consumer<AppRun> acked, BooleanSupplier released) {
    AppRun run = s.ended ? null : s.apps.get(packageName);
    if (run == null) {
      return null;
    }
    Connection old = run.connection;
    cancelRestart(run);
    if (run.delivery != null) {
      run.delivery.cancel();
    }
    run.connection = c;
    run.answered = run.requests;
    run.delivery = hub.broker().subscribe(UserSession.appTopic(run.appSessionId), Deliveries.to(c));
    run.state = AppRun.State.ACTIVE;
    run.restartAttempts = 0;
    run.lastError = null;
    acked.accept(run);
    if (old != null && old != c) {
      old.close(CloseCodes.NORMAL, "Replaced by a newer connection");
    }
    outbox.routesChanged(s);
    outbox.appState(s, packageName, run.status(), null);
    if (c.isClosed()) {
      // The socket's own close handling found it not attached yet, or will find it handled.
      closed(s, run, c, released.getAsBoolean());
    }
    return run;
  }

  /**
   * An app socket closed. Unless the app was stopped, replaced, or released its session (and no
   * new session is on its way), it is restarted.
   */
  void closed(UserSession s, AppRun run, Connection c, boolean released) {
    if (run == null || run.connection != c) {
      return;
    }
    run.connection = null;
    if (run.delivery != null) {
      run.delivery.cancel();
      run.delivery = null;
    }
    outbox.routesChanged(s);
    if (s.ended || s.apps.get(run.packageName) != run) {
      return;
    }
    if (released && run.expectingSocket()) {
      run.state = AppRun.State.LOADING;
      outbox.appState(s, run.packageName, run.status(), null);
    } else if (released) {
      dormant(s, run, "The app released its session");
    } else {
      scheduleRestart(s, run);
    }
  }

  /** Asks a package's app server again for every session that should be running it. Returns how many. */
  Future<Integer> recover(Iterable<UserSession> sessions, String packageName, String webhookUrl) {
    List<Future<Boolean>> asked = new ArrayList<>();
    for (UserSession s : sessions) {
      asked.add(s.call(() -> recover(s, packageName, webhookUrl)));
    }
    return Future.join(asked).otherwiseEmpty().map(v ->
        (int) asked.stream().filter(f -> f.succeeded() && Boolean.TRUE.equals(f.result())).count());
  }

  private boolean recover(UserSession s, String packageName, String webhookUrl) {
    AppRun run = s.ended ? null : s.apps.get(packageName);
    if (run == null) {
      return false;
    }
    run.webhookUrl = webhookUrl;
    cancelRestart(run);
    run.restartAttempts = 0;
    if (run.connection == null) {
      run.state = AppRun.State.LOADING;
      outbox.appState(s, packageName, run.status(), null);
    }
    requestSession(s, run);
    return true;
  }

  /** The session ended: every app socket is closed and nothing is restarted. */
  void sessionEnded(UserSession s) {
    for (AppRun run : s.apps.values()) {
      cancelRestart(run);
      disconnect(run, "User session ended", null);
    }
    s.apps.clear();
    if (s.glassesDelivery != null) {
      s.glassesDelivery.cancel();
      s.glassesDelivery = null;
    }
    displays.forget(s);
    s.rebuildRoutes();
  }

  private void requestSession(UserSession s, AppRun run) {
    int n = ++run.requests;
    run.inFlight = n;
    webhooks.post(run.webhookUrl, GlassesFrames.sessionRequest(run.appSessionId, s.user.userId(),
        appWebSocketUrl.get(), hub.clock().instant()))
        .onComplete(ar -> s.run(() -> sessionRequestDone(s, run, n, ar)));
  }

  /**
   * A session request's webhook answered or failed. The app may have connected before its answer
   * arrived; a request a socket already answered is done, whatever its webhook said.
   */
  private void sessionRequestDone(UserSession s, AppRun run, int n, AsyncResult<Void> ar) {
    if (run.inFlight == n) {
      run.inFlight = 0;
    }
    if (s.ended || s.apps.get(run.packageName) != run || run.connection != null || run.answered >= n
        || ar.succeeded()) {
      return;
    }
    run.lastError = ar.cause() instanceof FailureException f ? f.failure().message() : String.valueOf(ar.cause());
    audit(s, "glasses.app.webhook", run.packageName, "failure", Webhooks.FAILED);
    if (run.restartAttempts > 0) {
      scheduleRestart(s, run);
    } else {
      dormant(s, run, run.lastError);
    }
  }

  /** The server is shutting down: sockets that close now are not restarted. */
  void stopping() {
    stopping = true;
  }

  private void scheduleRestart(UserSession s, AppRun run) {
    if (stopping) {
      return;
    }
    if (run.restartAttempts >= settings.restartAttempts()) {
      dormant(s, run, "The app did not come back after " + run.restartAttempts + " restart(s)"
          + (run.lastError == null ? "" : ": " + run.lastError));
      return;
    }
    long delay = settings.restartDelay().toMillis() << Math.min(run.restartAttempts, 16);
    run.restartAttempts++;
    run.state = AppRun.State.LOADING;
    outbox.appState(s, run.packageName, run.status(), null);
    run.restartTimer = hub.vertx().setTimer(Math.max(1, delay), id -> s.run(() -> {
      run.restartTimer = -1;
      if (!s.ended && s.apps.get(run.packageName) == run && run.connection == null) {
        audit(s, "glasses.app.restart", run.packageName, "success", "attempt " + run.restartAttempts);
        requestSession(s, run);
      }
    }));
  }

  private void dormant(UserSession s, AppRun run, String error) {
    run.state = AppRun.State.DORMANT;
    run.lastError = error;
    outbox.appState(s, run.packageName, run.status(), error);
  }

  private void cancelRestart(AppRun run) {
    if (run.restartTimer >= 0) {
      hub.vertx().cancelTimer(run.restartTimer);
      run.restartTimer = -1;
    }
  }

  /** Closes the run's socket 1000 with the reason, after an {@code app_stopped} message when a reason code is given. */
  private void disconnect(AppRun run, String reason, String stoppedReason) {
    Connection c = run.connection;
    run.connection = null;
    if (c != null && stoppedReason != null) {
      hub.broker().publish(UserSession.appTopic(run.appSessionId), Delivery.text(Json.write(Json.object()
          .put("type", "app_stopped").put("reason", stoppedReason).put("timestamp",
              Json.time(hub.clock().instant()))), null));
    }
    if (run.delivery != null) {
      run.delivery.cancel();
      run.delivery = null;
    }
    if (c != null) {
      c.close(CloseCodes.NORMAL, reason);
    }
  }

  private void audit(UserSession s, String kind, String packageName, String outcome, String detail) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), kind, GlassesProfile.NAME, s.user.userId(), null,
        packageName, outcome, detail));
  }
}
