package io.switchboard.client.assistant.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Handshake;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.assistant.AnalysisResponse;
import io.switchboard.client.assistant.AssistantClient;
import io.switchboard.client.assistant.AssistantOptions;
import io.switchboard.client.assistant.Audio;
import io.switchboard.client.assistant.ChatOptions;
import io.switchboard.client.assistant.ChatResponse;
import io.switchboard.client.assistant.StatusResponse;
import io.switchboard.client.assistant.Track;
import io.switchboard.client.impl.Callbacks;
import io.switchboard.client.impl.FacadeSocket;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The assistant facade over one {@link SwitchboardSocket}: the welcome as the handshake, the seed's
 * requests matched to their replies (see {@link AssistantWire}), and the delta listeners of streaming
 * chats (a concurrent map; a listener leaves when its chat's reply is delivered or the chat fails).
 */
public final class AssistantClientImpl implements AssistantClient {
  private static final int MAX_MESSAGE = 8000;

  private final AssistantOptions options;
  private final SwitchboardSocket socket;
  private final String idPrefix = "c" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<String, Consumer<String>> deltas = new ConcurrentHashMap<>();
  private volatile JsonNode welcome;

  private AssistantClientImpl(Vertx vertx, AssistantOptions options) {
    this.options = options;
    this.socket = FacadeSocket.create(vertx, FacadeSocket.options(options)
        .credentials(options.credentials())
        .handshake(this::awaitWelcome)
        .requestTimeout(options.requestTimeout())
        .build());
    socket.on("chat_delta", this::delta);
    socket.on("chat_response", m -> {
      String id = m.path("request_id").asText(null);
      if (id != null) {
        deltas.remove(id);
      }
    });
  }

  public static AssistantClient create(Vertx vertx, AssistantOptions options) {
    return new AssistantClientImpl(vertx, Objects.requireNonNull(options, "options"));
  }

  /** Connected once the welcome arrives; an error instead (a refused token) fails the attempt. */
  private CompletionStage<Void> awaitWelcome(Handshake.Session s) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.await(AssistantWire.is("connection").or(AssistantWire.is("error")), options.connectTimeout())
        .whenComplete((m, e) -> {
          if (e != null) {
            done.completeExceptionally(Callbacks.unwrap(e));
          } else if ("error".equals(AssistantWire.type(m))) {
            done.completeExceptionally(new ServerErrorException(ServerError.fromMessage(m)));
          } else {
            welcome = m;
            done.complete(null);
          }
        });
    return done;
  }

  /** A streamed piece, on the ordered callback thread. */
  private void delta(JsonNode m) {
    String id = m.path("request_id").asText(null);
    Consumer<String> listener = id == null ? null : deltas.get(id);
    if (listener != null) {
      listener.accept(m.path("delta").asText(""));
    }
  }

  @Override
  public CompletableFuture<Void> connect() {
    return socket.connect();
  }

  @Override
  public JsonNode welcome() {
    return welcome;
  }

  @Override
  public CompletableFuture<ChatResponse> chat(String message) {
    return chat(message, ChatOptions.defaults());
  }

  @Override
  public CompletableFuture<ChatResponse> chat(String message, ChatOptions o) {
    if (message == null || message.isEmpty() || message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException("message must be 1 to " + MAX_MESSAGE + " characters");
    }
    ChatOptions opts = o == null ? ChatOptions.defaults() : o;
    String id = idPrefix + ids.incrementAndGet();
    if (opts.onDelta() != null) {
      deltas.put(id, opts.onDelta());
    }
    Duration timeout = opts.timeout() == null ? options.requestTimeout() : opts.timeout();
    return socket.request(AssistantWire.chat(id, message, opts), AssistantWire.chatReply(id), timeout)
        .handle((reply, e) -> {
          if (e != null) {
            deltas.remove(id);
            throw new CompletionException(Callbacks.unwrap(e));
          }
          ServerError failed = AssistantWire.chatFailure(reply);
          if (failed != null) {
            throw new CompletionException(new ServerErrorException(failed));
          }
          return AssistantWire.chatResponse(reply);
        });
  }

  @Override
  public CompletableFuture<StatusResponse> status() {
    return request(Json.object().put("type", "status"), AssistantWire.is("status_response"), AssistantWire::status);
  }

  @Override
  public CompletableFuture<AnalysisResponse> analyze(Track track, Audio audio, String analysisType) {
    Objects.requireNonNull(track, "track");
    Objects.requireNonNull(audio, "audio");
    return request(AssistantWire.analyze(track, audio, analysisType), AssistantWire.analysisReply(track.id()),
        AssistantWire::analysis);
  }

  @Override
  public CompletableFuture<JsonNode> ping() {
    return request(Json.object().put("type", "ping"), AssistantWire.is("pong"), Function.identity());
  }

  private <T> CompletableFuture<T> request(JsonNode message, Predicate<JsonNode> isReply, Function<JsonNode, T> read) {
    return socket.request(message, isReply, options.requestTimeout()).handle((reply, e) -> {
      if (e != null) {
        throw new CompletionException(Callbacks.unwrap(e));
      }
      return read.apply(reply);
    });
  }

  @Override
  public CompletableFuture<Void> send(JsonNode message) {
    return socket.send(message);
  }

  @Override
  public Registration onMessage(String type, Consumer<JsonNode> handler) {
    return socket.on(type, handler);
  }

  @Override
  public Registration onStateChange(Consumer<StateChange> listener) {
    return socket.onStateChange(listener);
  }

  @Override
  public ConnectionState state() {
    return socket.state();
  }

  @Override
  public SwitchboardSocket socket() {
    return socket;
  }

  @Override
  public CompletableFuture<Void> close() {
    return socket.close();
  }

  @Override
  public String toString() {
    return "AssistantClient[" + options.url() + ", " + socket.state() + "]";
  }
}
