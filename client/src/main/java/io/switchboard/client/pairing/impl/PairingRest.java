package io.switchboard.client.pairing.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.impl.Callbacks;
import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairCode;
import io.switchboard.client.pairing.PairingOptions;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pairing REST calls, each with {@code Authorization: Bearer <user JWT>}. A non-2xx answer
 * fails with {@link ServerErrorException} carrying the body's {@code error} code and the status.
 * With alternate nodes, a call that cannot connect to its node (so that node never saw it) is sent
 * to the next one, round robin, and later calls start at the node that answered last.
 */
final class PairingRest {
  private final WebClient web;
  private final List<String> bases = new ArrayList<>();
  private final AtomicInteger preferred = new AtomicInteger();
  private final Supplier<? extends CompletionStage<String>> userToken;
  private final Callbacks callbacks;
  private final long timeoutMillis;

  PairingRest(Vertx vertx, PairingOptions options, Callbacks callbacks) {
    this.web = WebClient.create(vertx);
    bases.add(base(options.baseUrl()));
    options.alternateUrls().forEach(u -> bases.add(base(u)));
    this.userToken = options.userToken();
    this.callbacks = callbacks;
    this.timeoutMillis = options.requestTimeout().toMillis();
  }

  private static String base(URI url) {
    String b = url.toString();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
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
    return callbacks.supply(userToken).thenCompose(token -> send(path, body, token, preferred.get(), bases.size()))
        .thenCompose(PairingRest::read);
  }

  /** Sends to node {@code index}; one that cannot be reached passes the call on, up to {@code tries} nodes. */
  private CompletableFuture<HttpResponse<Buffer>> send(String path, ObjectNode body, String token, int index,
      int tries) {
    return callbacks.from(web.postAbs(bases.get(index) + path)
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json")
            .timeout(timeoutMillis)
            .sendBuffer(Buffer.buffer(Json.write(body))))
        .handle((response, error) -> {
          if (error == null) {
            preferred.set(index);
            return CompletableFuture.completedFuture(response);
          }
          if (tries > 1 && Callbacks.unwrap(error) instanceof ConnectException) {
            return send(path, body, token, (index + 1) % bases.size(), tries - 1);
          }
          return CompletableFuture.<HttpResponse<Buffer>>failedFuture(error);
        })
        .thenCompose(f -> f);
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
