package io.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Answering;
import io.switchboard.provider.Usage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * The HTTP side of {@code POST /chat/completions}: one JSON reply, or (when streaming) a
 * server-sent event stream of chunks ending with {@code data: [DONE]}. Non-2xx replies become
 * PROVIDER_ERROR carrying the upstream's own message. An {@link Exchange} can be aborted at any
 * point: the request is reset, which closes its connection.
 */
final class ChatCompletions {
  private static final int MAX_ERROR_CHARS = 300;

  private final HttpClientAgent client;
  private final OpenAiSettings settings;

  /** What came back: the text, and the upstream's usage (null when it reported none). */
  record Completion(String text, Usage usage) {}

  /** One request in progress, abortable. */
  static final class Exchange {
    private volatile HttpClientRequest request;
    private volatile boolean cancelled;

    boolean cancelled() {
      return cancelled;
    }

    void cancel() {
      cancelled = true;
      HttpClientRequest r = request;
      if (r != null) {
        r.reset();
      }
    }
  }

  ChatCompletions(HttpClientAgent client, OpenAiSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  Future<Completion> send(ObjectNode body, Handler<String> deltas, Exchange ex) {
    boolean stream = body.path("stream").asBoolean(false);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(settings.endpoint())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
    if (!settings.apiKey().isEmpty()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
    }
    return client.request(options).compose(req -> {
      ex.request = req;
      if (ex.cancelled) {
        req.reset();
        return Future.failedFuture(Failure.of(Answering.CANCELLED, "Cancelled").asException());
      }
      return req.send(Buffer.buffer(Json.write(body)));
    }).compose(resp -> {
      if (resp.statusCode() / 100 != 2) {
        return refused(resp);
      }
      return stream ? streamed(resp, deltas) : whole(resp);
    });
  }

  private static Future<Completion> refused(HttpClientResponse resp) {
    int status = resp.statusCode();
    return resp.body().otherwiseEmpty().compose(buf -> {
      String upstream = buf == null ? null : ChatRequests.errorMessage(Json.parseOrNull(buf.toString()));
      String why = upstream == null || upstream.isBlank() ? resp.statusMessage() : upstream;
      if (why.length() > MAX_ERROR_CHARS) {
        why = why.substring(0, MAX_ERROR_CHARS) + "...";
      }
      return Future.failedFuture(Failure.of(ErrorCode.PROVIDER_ERROR,
          "The language model service refused the request (HTTP " + status + "): " + why,
          Map.of("upstream_status", status)).asException());
    });
  }

  private static Future<Completion> whole(HttpClientResponse resp) {
    return resp.body().compose(buf -> {
      JsonNode reply = Json.parseOrNull(buf.toString());
      if (reply == null || !reply.path("choices").isArray()) {
        return Future.failedFuture(Answering.providerError("The language model service sent a reply that is not "
            + "a chat completion"));
      }
      return Future.succeededFuture(new Completion(ChatRequests.content(reply, "message"), usage(reply)));
    });
  }

  private static Future<Completion> streamed(HttpClientResponse resp, Handler<String> deltas) {
    Promise<Completion> promise = Promise.promise();
    StringBuilder text = new StringBuilder();
    Usage[] usage = new Usage[1];
    SseDecoder decoder = new SseDecoder(data -> {
      if ("[DONE]".equals(data.strip())) {
        return;
      }
      JsonNode chunk = Json.parseOrNull(data);
      if (chunk == null || ChatRequests.errorMessage(chunk) != null) {
        String why = chunk == null ? "an unreadable event" : ChatRequests.errorMessage(chunk);
        promise.tryFail(Answering.providerError("The language model service failed mid-answer: " + why));
        return;
      }
      String piece = ChatRequests.content(chunk, "delta");
      if (!piece.isEmpty()) {
        text.append(piece);
        deltas.handle(piece);
      }
      if (usage(chunk) != null) {
        usage[0] = usage(chunk);
      }
    });
    resp.handler(decoder::feed);
    resp.exceptionHandler(e -> promise.tryFail(Answering.providerError(
        "The connection to the language model service broke mid-answer")));
    resp.endHandler(v -> {
      decoder.end();
      promise.tryComplete(new Completion(text.toString(), usage[0]));
    });
    return promise.future();
  }

  private static Usage usage(JsonNode reply) {
    JsonNode u = reply.path("usage");
    if (!u.path("prompt_tokens").isIntegralNumber() || !u.path("completion_tokens").isIntegralNumber()) {
      return null;
    }
    return new Usage(u.get("prompt_tokens").asInt(), u.get("completion_tokens").asInt());
  }
}
