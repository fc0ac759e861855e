package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs webhook calls to app servers with the Vert.x web client (asynchronous: the event loop
 * never waits for an app server). Each call has a timeout and a number of attempts, a fixed delay
 * apart; a non-2xx answer counts as a failed attempt. The returned Future completes on the
 * caller's context.
 */
final class Webhooks {
  static final String FAILED = "WEBHOOK_FAILED";
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

  private final Vertx vertx;
  private final WebClient client;
  private final GlassesSettings settings;

  Webhooks(Vertx vertx, GlassesSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("switchboard-glasses")
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.webhookTimeout().toMillis()))
        .setFollowRedirects(false));
  }

  Future<Void> post(String url, ObjectNode body) {
    return attempt(url, Buffer.buffer(Json.write(body)), 1, body.path("type").asText());
  }

  private Future<Void> attempt(String url, Buffer body, int n, String what) {
    Future<Void> call;
    try {
      call = client.postAbs(url).timeout(settings.webhookTimeout().toMillis())
          .putHeader("Content-Type", "application/json").sendBuffer(body)
          .compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture()
              : Future.failedFuture("HTTP " + r.statusCode()));
    } catch (RuntimeException badUrl) {
      call = Future.failedFuture(badUrl);
    }
    return call.recover(e -> {
      LOG.info("{} to {} failed (attempt {} of {}): {}", what, redact(url), n, settings.webhookAttempts(),
          e.getMessage());
      if (n >= settings.webhookAttempts()) {
        return Future.failedFuture(Failure.of(FAILED, "Webhook " + what + " failed after " + n + " attempt(s): "
            + e.getMessage(), Map.of("url", redact(url))).asException());
      }
      return vertx.timer(settings.webhookRetryDelay().toMillis(), TimeUnit.MILLISECONDS)
          .compose(v -> attempt(url, body, n + 1, what));
    });
  }

  /** The URL without user info or query, which may hold credentials. */
  static String redact(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + (u.getPath() == null ? "" : u.getPath());
    } catch (IllegalArgumentException e) {
      return "(malformed URL)";
    }
  }
}
