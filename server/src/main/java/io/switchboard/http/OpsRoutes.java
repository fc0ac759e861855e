package io.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** GET /health (liveness and component status), GET /ready, GET /metrics (Prometheus text). */
public final class OpsRoutes {
  private final Supplier<Future<ObjectNode>> health;
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;

  public OpsRoutes(Supplier<Future<ObjectNode>> health, BooleanSupplier ready, Supplier<String> metrics) {
    this.health = health;
    this.ready = ready;
    this.metrics = metrics;
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> health.get().onComplete(ar -> {
      ObjectNode body = ar.succeeded() ? ar.result()
          : Json.object().put("status", "DOWN").put("error", String.valueOf(ar.cause()));
      int status = "UP".equals(body.path("status").asText()) ? 200 : 503;
      Rest.reply(ctx, status, body);
    }));
    router.get("/ready").handler(ctx -> {
      boolean r = ready.getAsBoolean();
      Rest.reply(ctx, r ? 200 : 503, Json.object().put("ready", r));
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.get()));
  }
}
