package io.switchboard.client.glasses.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Credentials;
import io.switchboard.client.Handshake;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.SocketSettings;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.glasses.ServerClose;
import io.switchboard.client.impl.FacadeSocket;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the glasses profile's two clients, the app's and the glasses', share: the socket made from
 * their options; a handshake that sends their init on every connection and waits for the server to
 * acknowledge or refuse it (on a reconnect, once the listeners have caught up, so that one that saw
 * the server end the session can stop it first); the {@code error} messages; and the end: once
 * {@link #ended} is set, by {@link #close()} or by the client when the server ends it, no attempt
 * gets past the handshake.
 */
abstract class GlassesProfileClient {
  final SwitchboardSocket socket;
  final AtomicBoolean ended = new AtomicBoolean();
  private final Handlers<ServerError> errors = new Handlers<>("error");
  private final Predicate<JsonNode> isAnswer;
  private final Duration ackTimeout;

  /**
   * @param credentials how the socket presents the client's credential
   * @param ackTimeout how long the init waits for its answer, and the socket's request timeout
   * @param ack the type of the message that acknowledges the init
   * @param refusal the type of the message that refuses it
   */
  GlassesProfileClient(Vertx vertx, SocketSettings options, Credentials credentials, Duration ackTimeout, String ack,
      String refusal) {
    this.isAnswer = GlassesWire.type(ack, refusal);
    this.ackTimeout = ackTimeout;
    this.socket = FacadeSocket.create(vertx, FacadeSocket.options(options)
        .credentials(credentials)
        .handshake(this::handshake)
        .requestTimeout(ackTimeout)
        .build());
    socket.onStateChange(this::stateChanged);
    socket.on("error", m -> errors.emit(GlassesWire.error(m)));
  }

  /** The init sent on every connection. */
  abstract ObjectNode init();

  /** Why an attempt fails once the client has ended. */
  abstract Exception endedFailure();

  /** The rest of the handshake after the init's answer, an acknowledgement or a refusal. */
  abstract CompletionStage<Void> answered(Handshake.Session s, JsonNode answer);

  /** The server closed an established connection with {@code close}. */
  abstract void closedByServer(ServerClose close);

  private CompletionStage<Void> handshake(Handshake.Session s) {
    CompletionStage<Void> ready = s.reconnect() ? Ends.listenersCaughtUp(s) : CompletableFuture.completedFuture(null);
    return ready.thenCompose(v -> {
      if (ended.get()) {
        throw new CompletionException(endedFailure());
      }
      return s.request(init(), isAnswer, ackTimeout);
    }).thenCompose(answer -> answered(s, answer));
  }

  private void stateChanged(StateChange change) {
    ServerClose close = Ends.lost(change);
    if (close != null) {
      closedByServer(close);
    }
  }

  public Registration onError(Consumer<ServerError> handler) {
    return errors.add(handler);
  }

  public Registration onStateChange(Consumer<StateChange> listener) {
    return socket.onStateChange(listener);
  }

  public ConnectionState state() {
    return socket.state();
  }

  public SwitchboardSocket socket() {
    return socket;
  }

  public CompletableFuture<Void> close() {
    ended.set(true);
    return socket.close();
  }
}
