package io.switchboard.client.pairing.impl;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.switchboard.client.pairing.AudioChunk;
import io.switchboard.client.pairing.ChannelLostException;
import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairCode;
import io.switchboard.client.pairing.PairingClient;
import io.switchboard.client.pairing.PairingEvent;
import io.switchboard.client.pairing.PairingOptions;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairing facade over one {@link SwitchboardSocket}. Its channel bookkeeping ({@code joinedChannel},
 * the seq mark) is written only on the socket's ordered callback thread, where every inbound message
 * and the handshake's continuations run, so it needs no locks; the fields are volatile because the
 * public getters read them from any thread.
 */
public final class PairingClientImpl implements PairingClient {
  private static final Logger LOG = LoggerFactory.getLogger(PairingClientImpl.class);
  // Application pings count from here so their pongs never look like the keepalive's (which count from 1).
  private static final long PING_BASE = 1L << 40;

  /** The last relayed seq received in a channel. */
  private record SeqMark(String channel, long seq) {}

  private final PairingOptions options;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Callbacks callbacks;
  private final PairingRest rest;
  private final SwitchboardSocket socket;
  private final PairingListeners listeners = new PairingListeners();
  private final AtomicLong pings = new AtomicLong(PING_BASE);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile String channel;
  private volatile String joinedChannel;
  private volatile SeqMark mark;

  private PairingClientImpl(Vertx vertx, boolean ownsVertx, PairingOptions options) {
    this.options = options;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.callbacks = Callbacks.create(options.callbackExecutor());
    this.rest = new PairingRest(vertx, options, callbacks);
    this.socket = SwitchboardSocket.create(vertx, SocketOptions.builder(options.wsUrl())
        .alternateUrls(options.alternateWsUrls())
        .credentials(credentials(options.tokenPlacement(), () -> rest.wsToken(options.role())))
        .backoff(options.backoff())
        .keepalive(options.keepalive())
        .handshake(this::handshake)
        .maxQueuedMessages(options.maxQueuedMessages())
        .requestTimeout(options.requestTimeout())
        .connectTimeout(options.connectTimeout())
        .callbackExecutor(callbacks.pool())
        .build());
    listen();
  }

  public static PairingClient create(Vertx vertx, PairingOptions options) {
    if (vertx != null) {
      return new PairingClientImpl(vertx, false, options);
    }
    return new PairingClientImpl(Callbacks.smallVertx(), true, options);
  }

  /** A fresh WS token for every attempt, presented the way the options say. */
  private static Credentials credentials(Credentials.Placement placement, Supplier<CompletionStage<String>> token) {
    return switch (placement) {
      case QUERY -> Credentials.queryToken(token);
      case HEADER -> Credentials.bearerHeader(token);
      case SUBPROTOCOL -> Credentials.subprotocol("Bearer.", token);
      case NONE -> throw new IllegalArgumentException("the pairing WebSocket needs a token");
    };
  }

  private void listen() {
    socket.on("channel_joined", this::onJoined);
    socket.on("pairing_success", m -> listeners.emit(PairingWire.pairingSuccess(m)));
    socket.on("client_joined", m -> listeners.emit(PairingWire.peerJoined(m)));
    socket.on("desktop_disconnected", m -> listeners.emit(PairingWire.peerDisconnected(m)));
    socket.on("mobile_disconnected", m -> listeners.emit(PairingWire.peerDisconnected(m)));
    socket.on("settings_sync", m -> relayed(m, PairingWire.settings(m)));
    socket.on("channel_message", m -> relayed(m, PairingWire.channelMessage(m)));
    socket.on("audio_chunk", m -> listeners.emit(PairingWire.audio(m)));
    socket.on("channel_closed", m -> lost(PairingWire.channelOf(m), null, m.path("reason").asText(null)));
    socket.on("error", m -> listeners.emit(new PairingEvent.Error(ServerError.fromMessage(m))));
    socket.onBinary(data -> listeners.emit(new PairingEvent.AudioBinary(data)));
  }

  // ---- inbound (on the ordered callback thread) ------------------------------------------------

  private void onJoined(JsonNode msg) {
    PairingEvent.Joined joined = PairingWire.joined(msg);
    SeqMark m = mark;
    if (m == null || !m.channel().equals(joined.channel())) {
      // First join of this channel: its state snapshot stands for everything up to seq.
      mark = new SeqMark(joined.channel(), joined.seq());
    }
    joinedChannel = joined.channel();
    listeners.emit(joined);
  }

  private void relayed(JsonNode msg, PairingEvent event) {
    long seq = msg.path("seq").asLong(-1);
    String ch = PairingWire.channelOf(msg);
    SeqMark m = mark;
    if (seq >= 0 && m != null && m.channel().equals(ch)) {
      if (seq <= m.seq()) {
        LOG.debug("dropping {} seq {} of {}: already received", msg.path("type").asText(), seq, ch);
        return;
      }
      mark = new SeqMark(ch, seq);
    }
    listeners.emit(event);
  }

  private void lost(String ch, String code, String reason) {
    if (ch == null) {
      return;
    }
    if (ch.equals(joinedChannel)) {
      joinedChannel = null;
    }
    if (ch.equals(channel)) {
      channel = null;
    }
    LOG.info("channel {} lost: {} {}", ch, code == null ? "" : code, reason == null ? "" : reason);
    listeners.emit(new PairingEvent.ChannelLost(ch, code, reason));
  }

  // ---- handshake: connected → identify → rejoin --------------------------------------------

  private CompletionStage<Void> handshake(Handshake.Session s) {
    Duration t = options.requestTimeout();
    return s.await(PairingWire.type("connected"), t)
        .thenCompose(c -> s.request(PairingWire.identify(options.role(), options.sessionId(), options.userAgent()),
            PairingWire.identifyReply(), t))
        .thenCompose(identified -> rejoin(s, t));
  }

  private CompletionStage<Void> rejoin(Handshake.Session s, Duration t) {
    String ch = joinedChannel;
    if (ch == null) {
      return CompletableFuture.completedFuture(null);
    }
    SeqMark m = mark;
    long last = m != null && m.channel().equals(ch) ? m.seq() : -1;
    return s.request(PairingWire.join(ch, options.role(), options.sessionId(), last), PairingWire.joinReply(ch), t)
        .handle((reply, error) -> error == null ? CompletableFuture.<Void>completedFuture(null)
            : rejoinFailed(s, ch, Callbacks.unwrap(error)))
        .thenCompose(Function.identity());
  }

  /**
   * INVALID_CHANNEL: the channel is gone for good; report it, drop what was queued for it, and stay
   * connected. Anything else (CHANNEL_FULL while the server still holds our old connection, a
   * timeout) fails this attempt, to be retried with backoff.
   */
  private CompletionStage<Void> rejoinFailed(Handshake.Session s, String ch, Throwable error) {
    if (error instanceof ServerErrorException e && ErrorCode.INVALID_CHANNEL.equals(e.code())) {
      lost(ch, e.code(), e.error().message());
      ChannelLostException cause = new ChannelLostException(ch, e.code(), e.error().message());
      return s.discardQueued(msg -> ch.equals(PairingWire.channelOf(msg)), cause).thenApply(n -> null);
    }
    return CompletableFuture.failedFuture(error);
  }

  // ---- the public API --------------------------------------------------------------------

  @Override
  public DeviceRole role() {
    return options.role();
  }

  @Override
  public String sessionId() {
    return options.sessionId();
  }

  @Override
  public CompletableFuture<String> fetchWsToken() {
    return rest.wsToken(options.role());
  }

  @Override
  public CompletableFuture<PairCode> generatePairCode() {
    if (options.role() != DeviceRole.DESKTOP) {
      return CompletableFuture.failedFuture(new IllegalStateException("only a desktop generates pairing codes"));
    }
    return rest.generatePairCode(options.sessionId());
  }

  @Override
  public CompletableFuture<String> pairDevice(String code) {
    if (options.role() != DeviceRole.MOBILE) {
      return CompletableFuture.failedFuture(new IllegalStateException("only a mobile pairs with a code"));
    }
    return rest.pairDevice(code, options.sessionId());
  }

  @Override
  public CompletableFuture<Void> connect() {
    return socket.connect();
  }

  @Override
  public CompletableFuture<PairingEvent.Joined> joinChannel(String ch) {
    Objects.requireNonNull(ch, "channel");
    String previous = channel;
    channel = ch;
    return socket.request(PairingWire.join(ch, options.role(), options.sessionId(), -1), PairingWire.joinReply(ch),
        options.requestTimeout()).handle((reply, error) -> {
          if (error != null) {
            if (ch.equals(channel)) {
              channel = previous;
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
          }
          return PairingWire.joined(reply);
        });
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public long lastSeq() {
    SeqMark m = mark;
    return m != null && m.channel().equals(joinedChannel) ? m.seq() : 0;
  }

  @Override
  public CompletableFuture<Void> syncSettings(JsonNode settings) {
    return toChannel(ch -> socket.send(PairingWire.settingsSync(ch, settings)));
  }

  @Override
  public CompletableFuture<Void> sendStateUpdate(String stateType, JsonNode data) {
    return sendChannelMessage(PairingWire.stateUpdate(stateType, data));
  }

  @Override
  public CompletableFuture<Void> sendChannelMessage(JsonNode payload) {
    return toChannel(ch -> socket.send(PairingWire.channelMessage(ch, payload)));
  }

  private CompletableFuture<Void> toChannel(Function<String, CompletableFuture<Void>> send) {
    String ch = channel;
    if (ch == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no channel: join one first"));
    }
    return send.apply(ch);
  }

  @Override
  public CompletableFuture<Void> sendAudioChunk(AudioChunk chunk) {
    return socket.trySend(PairingWire.audio(chunk));
  }

  @Override
  public CompletableFuture<Void> sendAudio(byte[] data) {
    return socket.sendBinary(data);
  }

  @Override
  public CompletableFuture<JsonNode> ping() {
    long seq = pings.incrementAndGet();
    return socket.request(PairingWire.ping(seq), PairingWire.pong(seq), options.requestTimeout());
  }

  @Override
  public <E extends PairingEvent> Registration on(Class<E> kind, Consumer<? super E> handler) {
    return listeners.on(kind, handler);
  }

  @Override
  public Registration onEvent(Consumer<PairingEvent> handler) {
    return listeners.on(PairingEvent.class, handler);
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
    if (closing.compareAndSet(false, true)) {
      socket.close().whenComplete((v, e) -> {
        rest.close();
        Future<Void> stopped = ownsVertx ? vertx.close() : Future.succeededFuture();
        stopped.onComplete(ar -> {
          callbacks.complete(closed, null);
          callbacks.shutdown();
        });
      });
    }
    return closed;
  }

  @Override
  public String toString() {
    return "PairingClient[" + options.role().wire() + " " + options.sessionId() + ", " + socket.state() + "]";
  }
}
