package io.switchboard.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** The demo's REST calls, on Vert.x's WebClient, each awaited within the step's time. */
final class DemoHttp implements AutoCloseable {
  private final WebClient client;
  private final String baseUrl;
  private final StepTimer timer;

  /** A status and a JSON body ({@code body} is null when the body is not JSON). */
  record Reply(int status, JsonNode body, String raw) {
    String describe() {
      String text = raw == null || raw.isEmpty() ? "an empty body" : raw;
      return "HTTP " + status + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  DemoHttp(Vertx vertx, String baseUrl, StepTimer timer) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("switchboard-demo"));
    this.baseUrl = baseUrl;
    this.timer = timer;
  }

  /** POSTs a JSON body with {@code Authorization: Bearer token}. */
  Reply post(String path, String bearer, JsonNode body) {
    long ms = Math.max(1, timer.remainingMillis());
    HttpResponse<Buffer> r = timer.await(client.postAbs(baseUrl + path)
        .putHeader("Authorization", "Bearer " + bearer)
        .putHeader("Content-Type", "application/json")
        .timeout(ms)
        .sendBuffer(Buffer.buffer(Json.write(body))), "POST " + path);
    String raw = r.bodyAsString();
    return new Reply(r.statusCode(), raw == null ? null : Json.parseOrNull(raw), raw);
  }

  @Override
  public void close() {
    client.close();
  }
}
