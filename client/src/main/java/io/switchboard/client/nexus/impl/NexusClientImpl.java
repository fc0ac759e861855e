package io.switchboard.client.nexus.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ClientClosedException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Credentials;
import io.switchboard.client.Handshake;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.SocketOptions;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.impl.Callbacks;
import io.switchboard.client.impl.FacadeSocket;
import io.switchboard.client.nexus.Answer;
import io.switchboard.client.nexus.Ask;
import io.switchboard.client.nexus.NexusAuthException;
import io.switchboard.client.nexus.NexusClient;
import io.switchboard.client.nexus.NexusCredentials;
import io.switchboard.client.nexus.NexusMessage;
import io.switchboard.client.nexus.NexusOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nexus facade over one {@link SwitchboardSocket}: authentication as the socket's handshake,
 * asks as requests matched by id and reply type (a streamed answer's deltas carry the same id), and
 * the stop after a permanent refusal. The socket keeps all connection state; this class keeps only
 * the delta listeners of streaming asks (a concurrent map) and two volatile fields.
 */
public final class NexusClientImpl implements NexusClient {
  private static final Logger LOG = LoggerFactory.getLogger(NexusClientImpl.class);

  private final NexusOptions options;
  private final SwitchboardSocket socket;
  private final String idPrefix = "n" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<String, Consumer<String>> deltas = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile NexusAuthException refused;
  private volatile String user;

  private NexusClientImpl(Vertx vertx, NexusOptions options) {
    this.options = options;
    SocketOptions.Builder b = FacadeSocket.options(options)
        .handshake(this::authenticate)
        .requestTimeout(options.requestTimeout());
    if (options.credentials() instanceof NexusCredentials.ApiKey k && k.inHeader()) {
      b.credentials(Credentials.header("x-api-key", Credentials.fixed(k.key())));
    }
    this.socket = FacadeSocket.create(vertx, b.build());
    socket.on("response_delta", this::delta);
    socket.on("response", this::finished);
    socket.on("error", this::finished);
  }

  public static NexusClient create(Vertx vertx, NexusOptions options) {
    return new NexusClientImpl(vertx, Objects.requireNonNull(options, "options"));
  }

  private String nextId() {
    return idPrefix + ids.incrementAndGet();
  }

  // ---- authentication: the handshake of every connection --------------------------------------

  private CompletionStage<Void> authenticate(Handshake.Session s) {
    Duration t = options.connectTimeout();
    CompletionStage<JsonNode> result;
    if (options.credentials() instanceof NexusCredentials.ApiKey k) {
      if (k.inHeader()) {
        result = s.await(NexusWire.type("auth"), t);
      } else {
        String id = nextId();
        result = s.request(NexusWire.apiKeyAuth(id, k.key()), NexusWire.replyTo(id, "auth"), t);
      }
    } else {
      NexusCredentials.Ed25519 e = (NexusCredentials.Ed25519) options.credentials();
      result = s.await(NexusWire.type("auth_challenge"), t).thenCompose(challenge -> {
        String id = nextId();
        String text = challenge.path("payload").path("challenge").asText();
        return s.request(NexusWire.challengeAuth(id, e.pair(), text), NexusWire.replyTo(id, "auth"), t);
      });
    }
    // Completed directly (not through a dependent stage) so the failure is not wrapped in a
    // CompletionException: a ConnectionFailedException's cause chain then shows the refusal itself.
    CompletableFuture<Void> done = new CompletableFuture<>();
    result.whenComplete((reply, error) -> settle(s, reply, error).whenComplete((v, e) -> {
      if (e == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(Callbacks.unwrap(e));
      }
    }));
    return done;
  }

  /** Success: remember the user. A refusal fails the attempt; a permanent one also stops the client. */
  private CompletionStage<Void> settle(Handshake.Session s, JsonNode reply, Throwable error) {
    ServerError refusal;
    if (error != null) {
      Throwable e = Callbacks.unwrap(error);
      if (!(e instanceof ServerErrorException se)) {
        return CompletableFuture.failedFuture(e);
      }
      refusal = se.error();
    } else {
      refusal = NexusWire.authRefusal(reply);
      if (refusal == null) {
        user = reply.path("payload").path("user").asText(null);
        return CompletableFuture.completedFuture(null);
      }
    }
    NexusAuthException refusedNow = new NexusAuthException(refusal);
    if (!refusedNow.permanent()) {
      LOG.info("nexus authentication refused ({}); retrying", refusal.code());
      return CompletableFuture.failedFuture(refusedNow);
    }
    LOG.warn("nexus authentication refused ({}: {}); the client stops", refusal.code(), refusal.message());
    refused = refusedNow;
    return s.discardQueued(m -> true, refusedNow).thenCompose(n -> {
      socket.close();
      return CompletableFuture.<Void>failedFuture(refusedNow);
    });
  }

  // ---- streamed answers (on the ordered callback thread) ---------------------------------------

  private void delta(JsonNode msg) {
    String id = NexusWire.idOf(msg);
    Consumer<String> listener = id == null ? null : deltas.get(id);
    if (listener != null) {
      listener.accept(msg.path("payload").path("delta").asText(""));
    }
  }

  /** A response or error ends its ask's stream; every delta before it has been delivered. */
  private void finished(JsonNode msg) {
    String id = NexusWire.idOf(msg);
    if (id != null) {
      deltas.remove(id);
    }
  }

  // ---- the public API --------------------------------------------------------------------------

  @Override
  public CompletableFuture<Void> connect() {
    NexusAuthException r = refused;
    if (r != null) {
      return CompletableFuture.failedFuture(r);
    }
    return socket.connect().handle((v, e) -> {
      if (e != null) {
        throw failure(e);
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<Answer> ask(String query) {
    return ask(Ask.of(query));
  }

  @Override
  public CompletableFuture<Answer> ask(String query, String teamId) {
    return ask(Ask.of(query).withTeam(teamId));
  }

  @Override
  public CompletableFuture<Answer> ask(Ask ask) {
    Objects.requireNonNull(ask, "ask");
    NexusAuthException r = refused;
    if (r != null) {
      return CompletableFuture.failedFuture(r);
    }
    String id = nextId();
    if (ask.onDelta() != null) {
      deltas.put(id, ask.onDelta());
    }
    Duration timeout = ask.timeout() == null ? options.requestTimeout() : ask.timeout();
    return socket.request(NexusWire.ask(id, ask), NexusWire.replyTo(id, "response"), timeout).handle((reply, e) -> {
      if (e == null) {
        return NexusWire.answer(reply);
      }
      if (!(Callbacks.unwrap(e) instanceof ServerErrorException)) {
        deltas.remove(id); // no reply will come to end the stream
      }
      throw failure(e);
    });
  }

  @Override
  public String sendQuery(String query, String teamId) {
    String id = nextId();
    socket.send(NexusWire.ask(id, Ask.of(query).withTeam(teamId))).whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("query {} was not sent: {}", id, failure(e).getCause().toString());
      }
    });
    return id;
  }

  @Override
  public CompletableFuture<Void> send(NexusMessage message) {
    NexusAuthException r = refused;
    return r != null ? CompletableFuture.failedFuture(r) : socket.send(message.toJson());
  }

  @Override
  public CompletableFuture<NexusMessage> ping() {
    String id = nextId();
    return socket.request(NexusWire.ping(id), NexusWire.replyTo(id, "pong"), options.requestTimeout())
        .handle((reply, e) -> {
          if (e != null) {
            throw failure(e);
          }
          return NexusMessage.from(reply);
        });
  }

  /** The failure to report: the permanent refusal instead of the close it caused. */
  private CompletionException failure(Throwable error) {
    Throwable e = Callbacks.unwrap(error);
    NexusAuthException r = refused;
    if (r != null && e instanceof ClientClosedException && !closing.get()) {
      e = r;
    }
    return new CompletionException(e);
  }

  @Override
  public Registration onMessage(String type, Consumer<NexusMessage> handler) {
    Objects.requireNonNull(handler, "handler");
    return socket.on(type, m -> handler.accept(NexusMessage.from(m)));
  }

  @Override
  public Registration onResponse(Consumer<Answer> handler) {
    Objects.requireNonNull(handler, "handler");
    return socket.on("response", m -> handler.accept(NexusWire.answer(m)));
  }

  @Override
  public Registration onStateChange(Consumer<StateChange> listener) {
    Objects.requireNonNull(listener, "listener");
    return socket.onStateChange(c -> {
      NexusAuthException r = refused;
      listener.accept(r != null && c.current() == ConnectionState.CLOSED && !closing.get()
          ? new StateChange(c.previous(), ConnectionState.FAILED, c.attempt(), null, r) : c);
    });
  }

  @Override
  public ConnectionState state() {
    return refused != null && !closing.get() ? ConnectionState.FAILED : socket.state();
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public SwitchboardSocket socket() {
    return socket;
  }

  @Override
  public CompletableFuture<Void> close() {
    closing.set(true);
    return socket.close();
  }

  @Override
  public String toString() {
    return "NexusClient[" + options.url() + ", " + options.credentials() + ", " + state() + "]";
  }
}
