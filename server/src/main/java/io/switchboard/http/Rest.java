package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.vertx.ext.web.RoutingContext;

/** Small helpers shared by REST routes: bearer tokens, client IPs, JSON bodies and replies. */
public final class Rest {
  private Rest() {}

  /** The bearer token of the Authorization header, or null. */
  public static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return h.substring(7).trim();
  }

  public static String clientIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  /** The request body as JSON; an empty body reads as an empty object; null when it is not JSON. */
  public static JsonNode body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return Json.object();
    }
    return Json.parseOrNull(text);
  }

  public static void reply(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
  }
}
