package io.switchboard.client.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.assistant.impl.AssistantClientImpl;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A client of the assistant profile (seed 001): chat, status and track analysis over one
 * reconnecting WebSocket, as the seed's Python and TypeScript examples do, with replies as futures.
 *
 * <pre>{@code
 * AssistantClient codette = AssistantClient.create(AssistantOptions.builder("ws://localhost:8000/ws").build());
 * codette.connect().join();                                   // after the "connection" welcome
 * ChatResponse r = codette.chat("How should I mix bass?").join();
 * System.out.println("Codette: " + r.response());
 * }</pre>
 *
 * <h2>Replies</h2>
 * Each chat carries a {@code request_id} of the client's, which the server echoes on its
 * {@code chat_delta} pieces and its {@code chat_response}, so several chats may be in flight. A
 * {@code chat_response} with {@code status:"error"} fails the future with
 * {@link io.switchboard.client.ServerErrorException} carrying its code ({@code PROVIDER_TIMEOUT},
 * {@code PROVIDER_ERROR}, {@code PROVIDER_BUSY}). {@code status_response} and
 * {@code analysis_response} carry no request id: they are matched in request order (analyses also by
 * track id; two analyses of the same track with attached audio in flight at once may be answered in
 * either order). An {@code error} naming a field of the request ({@code INVALID_MESSAGE}) fails the
 * oldest such request waiting. No reply within the timeout gives
 * {@link io.switchboard.client.RequestTimeoutException} and leaves nothing pending.
 *
 * <h2>Connection</h2>
 * Every connection waits for the {@code connection} welcome before it counts as connected; messages
 * sent meanwhile are queued and then sent in order. The seed's keepalive (ping every 30 s, pong
 * within 5 s) and reconnect (5 attempts, delay doubling up to 30 s) are the defaults. The server
 * remembers the conversation per connection, so a reconnect starts a new one. A request already
 * written when the connection is lost fails with {@link io.switchboard.client.ConnectionLostException}.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking (safe on a Vert.x event loop). Handlers, delta
 * listeners and state listeners run one at a time, in the order the server sent the messages, on
 * the client's callback executor (by default daemon threads owned by the client, never an event
 * loop); a handler may block, delaying the ones after it. Futures complete on the same executor
 * outside that order, so a handler may wait on one.
 */
public interface AssistantClient {

  /** A client on a Vert.x instance of its own (closed with the client). Call {@link #connect()}. */
  static AssistantClient create(AssistantOptions options) {
    return AssistantClientImpl.create(null, options);
  }

  /** A client on an existing Vert.x instance (left open on close). */
  static AssistantClient create(Vertx vertx, AssistantOptions options) {
    return AssistantClientImpl.create(vertx, options);
  }

  /** Connects (and keeps reconnecting); completes once the server's {@code connection} welcome arrived. */
  CompletableFuture<Void> connect();

  /** The latest {@code connection} welcome, or null before the first. */
  JsonNode welcome();

  /** {@link #chat(String, ChatOptions)} with the defaults. */
  CompletableFuture<ChatResponse> chat(String message);

  /**
   * Sends {@code chat} (now, or queued until connected) and completes with its {@code chat_response}.
   * With {@link ChatOptions#withStreaming}, the pieces go to the listener in order on the ordered
   * callback thread; the future completes on its own, so the last pieces may still be on their way
   * when it does (the response has the whole text; {@code onMessage("chat_response", ...)} handlers
   * run after every piece).
   *
   * @param message the question, 1 to 8000 characters
   */
  CompletableFuture<ChatResponse> chat(String message, ChatOptions options);

  /** {@code status} → {@code status_response}. */
  CompletableFuture<StatusResponse> status();

  /**
   * {@code analyze} → {@code analysis_response}.
   *
   * @param analysisType e.g. {@code spectrum}; null: the server's default ({@code spectrum})
   */
  CompletableFuture<AnalysisResponse> analyze(Track track, Audio audio, String analysisType);

  /** {@code ping} → {@code pong} (completes with the pong). */
  CompletableFuture<JsonNode> ping();

  /** Sends any message (queued while disconnected); completes once written. */
  CompletableFuture<Void> send(JsonNode message);

  /** Every inbound message of one {@code type} (keepalive pongs excepted), e.g. {@code error}. */
  Registration onMessage(String type, Consumer<JsonNode> handler);

  Registration onStateChange(Consumer<StateChange> listener);

  ConnectionState state();

  /** The socket underneath, for raw messages and the pending and queued counts. */
  SwitchboardSocket socket();

  /** Closes for good; queued and pending calls fail with ClientClosedException. */
  CompletableFuture<Void> close();
}
