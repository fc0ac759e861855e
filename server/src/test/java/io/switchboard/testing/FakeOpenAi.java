package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an OpenAI-compatible server, speaking its wire format on
 * {@code POST /v1/chat/completions}: a chat completion, a server-sent event stream of
 * {@code chat.completion.chunk}s ending with {@code [DONE]}, an error reply in OpenAI's error
 * shape, or no reply at all (to test timeouts). It records each request and counts requests whose
 * connection closed before they were answered (aborted by the client).
 */
public final class FakeOpenAi implements AutoCloseable {
  /** How the next requests are answered. */
  public enum Mode { ANSWER, STREAM, ERROR, HANG }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger aborted = new AtomicInteger();
  private volatile Mode mode = Mode.ANSWER;
  private volatile String content = "Keep the bass steady with gentle compression.";
  private volatile List<String> chunks = List.of("Keep the ", "bass steady", " with gentle compression.");
  private volatile int errorStatus = 401;
  private volatile String errorMessage = "Incorrect API key provided: sk-te***ey. You can find your API key at "
      + "the provider's dashboard.";

  private FakeOpenAi() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
  }

  public static FakeOpenAi start() {
    return new FakeOpenAi();
  }

  /** The base URL to configure (providers.openai.base-url). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public FakeOpenAi mode(Mode m) {
    this.mode = m;
    return this;
  }

  public FakeOpenAi content(String text) {
    this.content = text;
    return this;
  }

  public FakeOpenAi chunks(List<String> pieces) {
    this.chunks = List.copyOf(pieces);
    return this;
  }

  public FakeOpenAi error(int status, String message) {
    this.errorStatus = status;
    this.errorMessage = message;
    return this;
  }

  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Requests whose connection was closed by the client before an answer. */
  public int aborted() {
    return aborted.get();
  }

  private void handle(HttpServerRequest req) {
    if (!req.path().equals("/v1/chat/completions") || !req.method().name().equals("POST")) {
      req.response().setStatusCode(404).end();
      return;
    }
    HttpServerResponse resp = req.response();
    resp.closeHandler(v -> {
      if (!resp.ended()) {
        aborted.incrementAndGet();
      }
    });
    req.body().onSuccess(body -> {
      authorizations.add(String.valueOf(req.getHeader("Authorization")));
      JsonNode json = Json.parseOrNull(body.toString());
      requests.add(json);
      switch (mode) {
        case ANSWER -> answer(resp, json);
        case STREAM -> stream(resp, json);
        case ERROR -> resp.setStatusCode(errorStatus).putHeader("Content-Type", "application/json")
            .end(Json.write(errorBody()));
        case HANG -> { }
      }
    });
  }

  private void answer(HttpServerResponse resp, JsonNode request) {
    ObjectNode o = Json.object().put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1700000000)
        .put("model", request.path("model").asText());
    ObjectNode choice = o.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    o.putObject("usage").put("prompt_tokens", 321).put("completion_tokens", 12).put("total_tokens", 333);
    resp.putHeader("Content-Type", "application/json").end(Json.write(o));
  }

  /** Writes each chunk as one event, the first split across two writes, then the usage chunk and [DONE]. */
  private void stream(HttpServerResponse resp, JsonNode request) {
    resp.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    for (int i = 0; i < chunks.size(); i++) {
      ObjectNode chunk = Json.object().put("id", "chatcmpl-test").put("object", "chat.completion.chunk")
          .put("created", 1700000000).put("model", request.path("model").asText());
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.putObject("delta").put("content", chunks.get(i));
      choice.putNull("finish_reason");
      chunk.putNull("usage");
      String event = "data: " + Json.write(chunk) + "\n\n";
      if (i == 0) {
        resp.write(event.substring(0, event.length() / 2));
        resp.write(event.substring(event.length() / 2));
      } else {
        resp.write(event);
      }
    }
    ObjectNode last = Json.object().put("id", "chatcmpl-test").put("object", "chat.completion.chunk")
        .put("created", 1700000000).put("model", request.path("model").asText());
    last.putArray("choices");
    last.putObject("usage").put("prompt_tokens", 200).put("completion_tokens", 9).put("total_tokens", 209);
    resp.write("data: " + Json.write(last) + "\n\n");
    resp.end("data: [DONE]\n\n");
  }

  private ObjectNode errorBody() {
    ObjectNode o = Json.object();
    o.putObject("error").put("message", errorMessage).put("type", "invalid_request_error").putNull("param")
        .put("code", "invalid_api_key");
    return o;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
