package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.http.Rest;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The app-server REST API: {@code POST /api/tpa-server/register} (package, API key, webhook URL,
 * server URLs) returns a registration id; {@code /heartbeat} keeps it fresh; {@code /restart}
 * re-sends {@code session_request} for every session that should be running the package.
 * Failures: {@code {success:false, error, code}} with 400 (bad body), 401 (bad key or package),
 * 404 (unknown registration).
 */
final class AppServerRoutes {
  private final Hub hub;
  private final AppAccess access;
  private final AppServers servers;
  private final AppLifecycle lifecycle;
  private final Supplier<Iterable<UserSession>> sessions;

  AppServerRoutes(Hub hub, AppAccess access, AppServers servers, AppLifecycle lifecycle,
      Supplier<Iterable<UserSession>> sessions) {
    this.hub = hub;
    this.access = access;
    this.servers = servers;
    this.lifecycle = lifecycle;
    this.sessions = sessions;
  }

  void mount(Router router) {
    router.post("/api/tpa-server/register").handler(this::register);
    router.post("/api/tpa-server/heartbeat").handler(this::heartbeat);
    router.post("/api/tpa-server/restart").handler(this::restart);
  }

  private void register(RoutingContext ctx) {
    Fields f = fields(ctx);
    if (f == null) {
      return;
    }
    String packageName = f.string("packageName", 255);
    String apiKey = f.string("apiKey", 512);
    String webhookUrl = f.string("webhookUrl", 2000);
    if (webhookUrl != null && !App.validPublicUrl(webhookUrl)) {
      f.fail("webhookUrl", "must be an http or https URL");
    }
    List<String> serverUrls = serverUrls(Rest.body(ctx).get("serverUrls"), f);
    if (!f.ok()) {
      fail(ctx, 400, f.failure());
      return;
    }
    access.authenticate(packageName, apiKey, null, Rest.clientIp(ctx)).onComplete(ar -> {
      if (ar.failed()) {
        audit(ctx, packageName, "failure", failure(ar.cause()).code());
        fail(ctx, 401, failure(ar.cause()));
        return;
      }
      AppServers.Registration r = servers.register(packageName, webhookUrl, serverUrls, hub.clock().instant());
      audit(ctx, packageName, "success", null);
      Rest.reply(ctx, 201, Json.object().put("success", true).put("registrationId", r.id()));
    });
  }

  private void heartbeat(RoutingContext ctx) {
    AppServers.Registration r = registration(ctx);
    if (r != null) {
      servers.heartbeat(r.id(), hub.clock().instant());
      Rest.reply(ctx, 200, Json.object().put("success", true).put("registrationId", r.id()));
    }
  }

  private void restart(RoutingContext ctx) {
    AppServers.Registration r = registration(ctx);
    if (r == null) {
      return;
    }
    lifecycle.recover(sessions.get(), r.packageName(), r.webhookUrl()).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, 500, Failure.of(ErrorCode.INTERNAL, "Could not recover sessions"));
        return;
      }
      Rest.reply(ctx, 200, Json.object().put("success", true).put("recoveredSessions", ar.result()));
    });
  }

  /** The registration named in the body; answers 400 or 404 itself and returns null when there is none. */
  private AppServers.Registration registration(RoutingContext ctx) {
    Fields f = fields(ctx);
    if (f == null) {
      return null;
    }
    String id = f.string("registrationId", 64);
    if (!f.ok()) {
      fail(ctx, 400, f.failure());
      return null;
    }
    AppServers.Registration r = servers.find(id);
    if (r == null) {
      fail(ctx, 404, Failure.of("UNKNOWN_REGISTRATION", "Unknown or replaced registration " + id));
    }
    return r;
  }

  private static Fields fields(RoutingContext ctx) {
    JsonNode body = Rest.body(ctx);
    if (!(body instanceof ObjectNode)) {
      fail(ctx, 400, Failure.of(ErrorCode.INVALID_JSON, "Invalid JSON format"));
      return null;
    }
    return new Fields(body);
  }

  /** {@code serverUrls}: absent, one string, or an array of at most 16 strings. */
  private static List<String> serverUrls(JsonNode node, Fields f) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray() && node.size() <= 16) {
      node.forEach(n -> out.add(n.isTextual() ? n.asText() : null));
    } else {
      out.add(null);
    }
    if (out.stream().anyMatch(u -> u == null || u.length() > 2000)) {
      f.fail("serverUrls", "must be a URL or an array of at most 16 URLs");
    }
    return out;
  }

  private static Failure failure(Throwable e) {
    return e instanceof FailureException f ? f.failure() : Failure.of(ErrorCode.INTERNAL, "Internal error");
  }

  private static void fail(RoutingContext ctx, int status, Failure f) {
    Rest.reply(ctx, status, Json.object().put("success", false).put("error", f.message()).put("code", f.code()));
  }

  private void audit(RoutingContext ctx, String packageName, String outcome, String detail) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), "glasses.app-server.register", GlassesProfile.NAME,
        null, Rest.clientIp(ctx), packageName, outcome, detail));
  }
}
