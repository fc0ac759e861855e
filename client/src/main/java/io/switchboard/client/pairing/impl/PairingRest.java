package io.switchboard.client.pairing.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.impl.Callbacks;
import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairCode;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The pairing REST calls, each with {@code Authorization: Bearer <user JWT>}. A non-2xx answer
 * fails with {@link ServerErrorException} carrying the body's {@code error} code and the status.
 */
final class PairingRest {
  private final WebClient web;
  private final String base;
  private final Supplier<? extends CompletionStage<String>> userToken;
  private final Callbacks callbacks;
  private final long timeoutMillis;

  PairingRest(Vertx vertx, URI baseUrl, Supplier<? extends CompletionStage<String>> userToken, Callbacks callbacks,
      Duration timeout) {
    this.web = WebClient.create(vertx);
    String b = baseUrl.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.userToken = userToken;
    this.callbacks = callbacks;
    this.timeoutMillis = timeout.toMillis();
  }

  CompletableFuture<String> wsToken(DeviceRole role) {
    return post(role.tokenPath(), Json.object()).thenApply(body -> body.path("token").asText());
  }

  CompletableFuture<PairCode> generatePairCode(String desktopSessionId) {
    return post("/api/generate-pair-code", Json.object().put("desktop_session_id", desktopSessionId))
        .thenApply(body -> new PairCode(body.path("code").asText(), body.path("channel_id").asText(),
            body.hasNonNull("expires_at") ? Instant.parse(body.path("expires_at").asText()) : null));
  }

  CompletableFuture<String> pairDevice(String code, String mobileSessionId) {
    return post("/api/pair-device", Json.object().put("code", code).put("mobile_session_id", mobileSessionId))
        .thenApply(body -> body.path("channel_id").asText());
  }

  private CompletableFuture<JsonNode> post(String path, ObjectNode body) {
    return callbacks.supply(userToken).thenCompose(token -> callbacks.from(web.postAbs(base + path)
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json")
            .timeout(timeoutMillis)
            .sendBuffer(Buffer.buffer(Json.write(body)))))
        .thenCompose(PairingRest::read);
  }

  private static CompletableFuture<JsonNode> read(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    JsonNode body = text == null || text.isEmpty() ? Json.object() : Json.parseOrNull(text);
    int status = response.statusCode();
    if (status / 100 == 2 && body != null) {
      return CompletableFuture.completedFuture(body);
    }
    JsonNode b = body == null ? Json.object() : body;
    ServerError error = new ServerError(b.path("error").asText("HTTP_" + status),
        b.path("message").asText(response.statusMessage()), b.get("details"));
    return CompletableFuture.failedFuture(new ServerErrorException(error, status));
  }

  void close() {
    web.close();
  }
}
