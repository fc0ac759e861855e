package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.Handshake;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** The handshake's access to one connection (one generation) of a socket's {@link Lifecycle}. */
final class HandshakeSession implements Handshake.Session {
  private final Lifecycle lifecycle;
  private final long generation;
  private final boolean reconnect;

  HandshakeSession(Lifecycle lifecycle, long generation, boolean reconnect) {
    this.lifecycle = lifecycle;
    this.generation = generation;
    this.reconnect = reconnect;
  }

  @Override
  public boolean reconnect() {
    return reconnect;
  }

  @Override
  public CompletionStage<Void> send(ObjectNode message) {
    String text = Json.write(message);
    CompletableFuture<Void> written = new CompletableFuture<>();
    lifecycle.onContext(() -> {
      if (!lifecycle.current(generation)) {
        lifecycle.callbacks().ordered(() -> written.completeExceptionally(gone()));
        return;
      }
      lifecycle.socket().writeTextMessage(text).onComplete(ar -> {
        if (ar.succeeded()) {
          lifecycle.callbacks().ordered(() -> written.complete(null));
        } else {
          lifecycle.callbacks().ordered(() -> written.completeExceptionally(ar.cause()));
        }
      });
    });
    return written;
  }

  @Override
  public CompletionStage<JsonNode> await(Predicate<JsonNode> match, Duration timeout) {
    return register(null, match, timeout);
  }

  @Override
  public CompletionStage<JsonNode> request(ObjectNode message, Predicate<JsonNode> isReply, Duration timeout) {
    return register(Json.write(message), isReply, timeout);
  }

  /** Registers the waiter (and writes the message, if any) in one step on the context. */
  private CompletionStage<JsonNode> register(String text, Predicate<JsonNode> match, Duration timeout) {
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    lifecycle.onContext(() -> {
      if (!lifecycle.current(generation)) {
        lifecycle.callbacks().ordered(() -> reply.completeExceptionally(gone()));
        return;
      }
      PendingRequests.Pending p = lifecycle.pending().add(null, match, timeout, true, "handshake step", reply);
      p.written = true; // belongs to this connection: fails as soon as the connection goes
      if (text != null) {
        lifecycle.socket().writeTextMessage(text);
      }
    });
    return reply;
  }

  @Override
  public CompletionStage<Integer> discardQueued(Predicate<JsonNode> which, Throwable cause) {
    CompletableFuture<Integer> count = new CompletableFuture<>();
    lifecycle.onContext(() -> {
      int n = lifecycle.discardQueued(which, cause);
      lifecycle.callbacks().ordered(() -> count.complete(n));
    });
    return count;
  }

  private static ConnectionLostException gone() {
    return new ConnectionLostException("the connection this handshake belongs to is gone");
  }
}
