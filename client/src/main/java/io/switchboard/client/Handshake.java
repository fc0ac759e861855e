package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * What a socket does on every new connection before it counts as {@link ConnectionState#CONNECTED}:
 * the profile's in-band steps (wait for the welcome, identify, rejoin a channel). Messages queued
 * while disconnected are flushed only after the handshake succeeds, so they never overtake it. A
 * failed stage (or one that outlives the connect timeout) fails the attempt, which is retried with
 * backoff.
 *
 * <p>{@link #run} is called on the socket's event loop and must not block; the stages returned by
 * {@link Session} complete on the socket's ordered callback thread, after the handlers registered
 * for the same message have run.
 */
@FunctionalInterface
public interface Handshake {
  /** No in-band steps: connected as soon as the WebSocket is open. */
  Handshake NONE = session -> CompletableFuture.completedFuture(null);

  CompletionStage<Void> run(Session session);

  /** The handshake's view of one connection. Every method is thread-safe and returns at once. */
  interface Session {
    /** True when this connection replaces one that was lost (the socket was connected before). */
    boolean reconnect();

    /** Writes a message on this connection now, bypassing the send queue. */
    CompletionStage<Void> send(ObjectNode message);

    /**
     * The next message matching {@code match}. Waiting starts now; when called from
     * {@link Handshake#run} itself it also sees the first message after the upgrade.
     */
    CompletionStage<JsonNode> await(Predicate<JsonNode> match, Duration timeout);

    /**
     * Sends a message and waits for its reply; a reply that is an error ({@link ServerError})
     * fails the stage with {@link ServerErrorException}.
     */
    CompletionStage<JsonNode> request(ObjectNode message, Predicate<JsonNode> isReply, Duration timeout);

    /**
     * Fails the queued messages that match with {@code cause} instead of sending them (for example
     * messages for a channel the server no longer has). Returns how many were dropped.
     */
    CompletionStage<Integer> discardQueued(Predicate<JsonNode> which, Throwable cause);
  }
}
