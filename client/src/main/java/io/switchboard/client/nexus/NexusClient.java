package io.switchboard.client.nexus;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.nexus.impl.NexusClientImpl;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A service client of the nexus profile (seed 002): authenticates, asks questions and gets
 * answers, over one reconnecting WebSocket.
 *
 * <pre>{@code
 * NexusClient nexus = NexusClient.create(NexusOptions.builder("ws://localhost:8000/",
 *     NexusCredentials.apiKey(System.getenv("NEXUS_API_KEY"))).build());
 * nexus.connect().join();
 * Answer a = nexus.ask("How much headroom should I leave?").join();
 * }</pre>
 *
 * <h2>The seed's client</h2>
 * {@code connect()} → {@link #connect()}; {@code disconnect()} → {@link #close()};
 * {@code send(message)} → {@link #send(NexusMessage)}; {@code sendQuery(query, teamId)} →
 * {@link #sendQuery(String, String)}, or {@link #ask(String, String)} for a future of the answer;
 * {@code onMessage(type, handler)} and {@code onResponse(handler)} return a {@link Registration}
 * whose {@code remove()} unsubscribes; the connection state is {@link #state()} and
 * {@link #onStateChange}, with the failure in {@link StateChange#cause()}.
 *
 * <h2>Authentication and reconnects</h2>
 * Every connection, the first and every reconnect, authenticates before anything else is written
 * (see {@link NexusCredentials}); only then does it count as connected and are the messages queued
 * while disconnected sent, in order. A lost connection is retried with backoff
 * ({@link NexusOptions#backoff()}). An ask already written when the connection is lost fails with
 * {@link io.switchboard.client.ConnectionLostException} (the server may have answered it); one still
 * queued is sent after the next authentication. A permanent refusal ({@link NexusAuthException#permanent()},
 * e.g. {@code INVALID_API_KEY}) ends the client instead of retrying for ever: state
 * {@link ConnectionState#FAILED}, and {@code connect()}, queued messages and later calls fail with the
 * {@link NexusAuthException}.
 *
 * <h2>Errors</h2>
 * A failed ask carries the server's code: {@link io.switchboard.client.ServerErrorException#code()} is
 * {@code PROVIDER_TIMEOUT}, {@code PROVIDER_ERROR}, {@code PROVIDER_BUSY}, {@code TEAM_NOT_ALLOWED}...;
 * no reply within the timeout gives {@link io.switchboard.client.RequestTimeoutException} and leaves
 * nothing pending. An error the server cannot tie to a message ({@code RATE_LIMITED}) has a null id:
 * it reaches only {@code onMessage("error", ...)}, and the ask it dropped times out.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking (safe on a Vert.x event loop). Handlers, delta
 * listeners and state listeners run one at a time, in the order the server sent the messages, on
 * the client's callback executor (by default daemon threads owned by the client, never an event
 * loop); a handler may block, delaying the ones after it. Futures complete on the same executor
 * outside that order, so a handler may wait on one.
 */
public interface NexusClient {

  /** A client on a Vert.x instance of its own (closed with the client). Call {@link #connect()}. */
  static NexusClient create(NexusOptions options) {
    return NexusClientImpl.create(null, options);
  }

  /** A client on an existing Vert.x instance (left open on close). */
  static NexusClient create(Vertx vertx, NexusOptions options) {
    return NexusClientImpl.create(vertx, options);
  }

  /**
   * Connects and authenticates (and keeps reconnecting); completes once authenticated. Fails with
   * {@link NexusAuthException} on a permanent refusal and
   * {@link io.switchboard.client.ConnectionFailedException} when the retries are spent.
   */
  CompletableFuture<Void> connect();

  /** {@link #ask(Ask)} for the default team. */
  CompletableFuture<Answer> ask(String query);

  /** {@link #ask(Ask)} for a team ({@code team_id}; null: the server's default team). */
  CompletableFuture<Answer> ask(String query, String teamId);

  /**
   * Sends {@code ask} (now, or queued until connected) and completes with its {@code response},
   * matched by the id the client gives it. With {@link Ask#withStreaming}, the pieces are passed to
   * the listener in order on the ordered callback thread; the future completes on its own, so the
   * last pieces may still be on their way when it does (the {@link Answer} has the whole text, and
   * {@link #onResponse} handlers run after every piece).
   */
  CompletableFuture<Answer> ask(Ask ask);

  /**
   * The seed's {@code sendQuery}: sends an {@code ask} (queued while disconnected) and returns its
   * id at once; the answer comes to {@link #onResponse} handlers, an error to
   * {@code onMessage("error", ...)}, both with that id.
   */
  String sendQuery(String query, String teamId);

  /** Sends any message (queued while disconnected); completes once written. */
  CompletableFuture<Void> send(NexusMessage message);

  /** {@code ping} → its {@code pong}. */
  CompletableFuture<NexusMessage> ping();

  /** Every inbound message of one {@code type} (keepalive pongs excepted). */
  Registration onMessage(String type, Consumer<NexusMessage> handler);

  /** Every {@code response}, the answers to {@link #ask} and {@link #sendQuery} alike. */
  Registration onResponse(Consumer<Answer> handler);

  /** Connection state changes; a permanent refusal is reported as {@link ConnectionState#FAILED}. */
  Registration onStateChange(Consumer<StateChange> listener);

  ConnectionState state();

  /** The user the server authenticated this client as (from the last successful {@code auth}), or null. */
  String user();

  /** The socket underneath, for raw messages and the pending and queued counts. */
  SwitchboardSocket socket();

  /** Closes for good (the seed's {@code disconnect}); queued and pending calls fail with ClientClosedException. */
  CompletableFuture<Void> close();
}
