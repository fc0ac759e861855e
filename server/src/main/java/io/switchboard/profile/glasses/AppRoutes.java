package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.http.Rest;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The user's view of apps (Bearer user JWT): {@code GET /api/apps} lists the registered apps with
 * their status in the user's session; {@code POST /api/apps/{packageName}/start} and
 * {@code /stop} do what {@code start_app}/{@code stop_app} do on the glasses socket.
 */
final class AppRoutes {
  private final Hub hub;
  private final AppRepository apps;
  private final UserSessions sessions;
  private final AppLifecycle lifecycle;

  AppRoutes(Hub hub, AppRepository apps, UserSessions sessions, AppLifecycle lifecycle) {
    this.hub = hub;
    this.apps = apps;
    this.sessions = sessions;
    this.lifecycle = lifecycle;
  }

  void mount(Router router) {
    router.get("/api/apps").handler(ctx -> authenticated(ctx, this::list));
    router.post("/api/apps/:packageName/start").handler(ctx -> authenticated(ctx, this::start));
    router.post("/api/apps/:packageName/stop").handler(ctx -> authenticated(ctx, this::stop));
  }

  private void authenticated(RoutingContext ctx, BiConsumer<RoutingContext, Principal> next) {
    hub.credentials().verifyUser(Rest.bearer(ctx)).onComplete(ar -> {
      if (ar.succeeded()) {
        next.accept(ctx, ar.result());
      } else {
        fail(ctx, 401, ar.cause() instanceof FailureException f ? f.failure()
            : Failure.of(ErrorCode.INVALID_TOKEN, "Invalid token"));
      }
    });
  }

  private void list(RoutingContext ctx, Principal user) {
    UserSession s = sessions.get(user.userId());
    Future<Map<String, String>> statuses = s == null ? Future.succeededFuture(Map.of()) : s.call(() -> {
      Map<String, String> m = new HashMap<>();
      s.apps.values().forEach(r -> m.put(r.packageName, r.status()));
      return m;
    });
    Future.all(apps.list(), statuses).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, 500, Failure.of(ErrorCode.INTERNAL, "Internal error"));
        return;
      }
      List<App> all = ar.result().resultAt(0);
      Map<String, String> running = ar.result().resultAt(1);
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (App a : all) {
        list.add(Json.object().put("packageName", a.packageName()).put("publicUrl", a.publicUrl())
            .put("systemApp", a.systemApp()).put("status", running.getOrDefault(a.packageName(), "stopped")));
      }
      ObjectNode body = Json.object().put("sessionId", s == null ? null : s.id);
      body.set("apps", list);
      Rest.reply(ctx, 200, body);
    });
  }

  private void start(RoutingContext ctx, Principal user) {
    String packageName = ctx.pathParam("packageName");
    UserSession s = session(ctx, user);
    if (s != null) {
      lifecycle.startApp(s, packageName).onComplete(ar -> {
        if (ar.succeeded()) {
          Rest.reply(ctx, 202, Json.object().put("success", true).put("packageName", packageName)
              .put("status", ar.result()));
        } else {
          Failure f = ar.cause() instanceof FailureException fe ? fe.failure()
              : Failure.of(ErrorCode.INTERNAL, "Internal error");
          fail(ctx, ErrorCode.UNKNOWN_PACKAGE.equals(f.code()) ? 404 : 409, f);
        }
      });
    }
  }

  private void stop(RoutingContext ctx, Principal user) {
    String packageName = ctx.pathParam("packageName");
    UserSession s = session(ctx, user);
    if (s != null) {
      s.call(() -> {
        lifecycle.stopApp(s, packageName);
        return null;
      }).onComplete(ar -> Rest.reply(ctx, 200, Json.object().put("success", true).put("packageName", packageName)
          .put("status", "stopped")));
    }
  }

  /** The user's session; answers 409 NO_ACTIVE_SESSION itself and returns null when there is none. */
  private UserSession session(RoutingContext ctx, Principal user) {
    UserSession s = sessions.get(user.userId());
    if (s == null) {
      fail(ctx, 409, Failure.of(ErrorCode.NO_ACTIVE_SESSION, "No glasses session for this user"));
    }
    return s;
  }

  private void fail(RoutingContext ctx, int status, Failure f) {
    hub.metrics().error(GlassesProfile.NAME, f.code());
    Rest.reply(ctx, status, Json.object().put("success", false).put("error", f.message()).put("code", f.code()));
  }
}
