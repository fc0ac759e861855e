package io.switchboard.client.glasses.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ClientClosedException;
import io.switchboard.client.Credentials;
import io.switchboard.client.Handshake;
import io.switchboard.client.Registration;
import io.switchboard.client.glasses.AppClient;
import io.switchboard.client.glasses.AppConnectionException;
import io.switchboard.client.glasses.AppOptions;
import io.switchboard.client.glasses.AppStopped;
import io.switchboard.client.glasses.DataStream;
import io.switchboard.client.glasses.Layout;
import io.switchboard.client.glasses.ServerClose;
import io.switchboard.client.glasses.Subscription;
import io.switchboard.client.glasses.Transcription;
import io.switchboard.client.glasses.View;
import io.switchboard.protocol.CloseCodes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AppClient} on the generic socket: the {@code tpa_connection_init} handshake, subscriptions,
 * {@code data_stream} dispatch by exact stream type, displays, and the end of the session. A permanent
 * refusal is recorded ({@code refusal}) before the socket is closed, so {@link #connect()} fails with
 * it rather than with the close.
 */
public final class AppClientImpl extends GlassesProfileClient implements AppClient {
  private static final Logger LOG = LoggerFactory.getLogger(AppClientImpl.class);

  private final AppOptions options;
  private final Map<String, Handlers<DataStream>> byStream = new ConcurrentHashMap<>();
  private final Handlers<DataStream> anyStream = new Handlers<>("data_stream");
  private final Handlers<AppStopped> stopped = new Handlers<>("app stopped");
  private volatile List<Subscription> subscriptions = List.of();
  private volatile boolean subscribed;
  private volatile AppConnectionException refusal;

  private AppClientImpl(Vertx vertx, AppOptions options) {
    super(vertx, options, Credentials.none(), options.ackTimeout(), "tpa_connection_ack", "tpa_connection_error");
    this.options = options;
    socket.on("data_stream", this::dataStream);
    socket.on("app_stopped", m -> end(m.path("reason").asText("stopped")));
  }

  public static AppClient create(Vertx vertx, AppOptions options) {
    return new AppClientImpl(vertx, options);
  }

  @Override
  ObjectNode init() {
    return GlassesWire.appInit(options.sessionId(), options.packageName(), options.apiKey());
  }

  @Override
  Exception endedFailure() {
    return new ClientClosedException();
  }

  /**
   * tpa_connection_ack, then (on a reconnect) the subscriptions again. A tpa_connection_error fails
   * the attempt; a permanent one ends the client.
   */
  @Override
  CompletionStage<Void> answered(Handshake.Session s, JsonNode reply) {
    if (GlassesWire.is(reply, "tpa_connection_error")) {
      AppConnectionException e = new AppConnectionException(GlassesWire.error(reply));
      if (e.permanent()) {
        refused(e, s.reconnect());
      }
      throw new CompletionException(e);
    }
    return s.reconnect() && subscribed
        ? s.send(GlassesWire.subscriptionUpdate(options.packageName(), subscriptions))
        : CompletableFuture.<Void>completedFuture(null);
  }

  private void refused(AppConnectionException e, boolean reconnect) {
    refusal = e;
    LOG.info("{} refused for {}: {}", options.packageName(), options.sessionId(), e.getMessage());
    if (reconnect) {
      end(e.code());
    } else if (ended.compareAndSet(false, true)) {
      socket.close();
    }
  }

  /** A close 1000 or 1008 of an established connection ends the session (as the SDK reads them). */
  @Override
  void closedByServer(ServerClose close) {
    if (close.code() == CloseCodes.NORMAL || close.code() == CloseCodes.POLICY) {
      end(close.reason().isEmpty() ? "closed " + close.code() : close.reason());
    }
  }

  private void end(String reason) {
    if (ended.compareAndSet(false, true)) {
      LOG.info("{} session {} ended: {}", options.packageName(), options.sessionId(), reason);
      stopped.emit(new AppStopped(reason));
      socket.close();
    }
  }

  private void dataStream(JsonNode m) {
    DataStream d = GlassesWire.dataStream(m);
    Handlers<DataStream> h = byStream.get(d.streamType());
    if (h != null) {
      h.emit(d);
    }
    anyStream.emit(d);
  }

  @Override
  public CompletableFuture<Void> connect() {
    return socket.connect().handle((v, e) -> {
      if (e == null) {
        return null;
      }
      AppConnectionException r = refusal;
      throw r != null ? new CompletionException(r) : e instanceof CompletionException c ? c : new CompletionException(e);
    });
  }

  @Override
  public String sessionId() {
    return options.sessionId();
  }

  @Override
  public String userId() {
    return options.userId();
  }

  @Override
  public String packageName() {
    return options.packageName();
  }

  @Override
  public CompletableFuture<Void> subscribe(String... streams) {
    return subscribe(Arrays.stream(streams).map(Subscription::of).toList());
  }

  @Override
  public CompletableFuture<Void> subscribe(Subscription first, Subscription... more) {
    List<Subscription> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return subscribe(all);
  }

  @Override
  public synchronized CompletableFuture<Void> subscribe(List<Subscription> entries) {
    List<Subscription> copy = List.copyOf(entries);
    if (copy.size() > 100) {
      throw new IllegalArgumentException("at most 100 subscriptions");
    }
    subscriptions = copy;
    subscribed = true;
    // Under the lock, so the queue holds the updates in the order of the calls, the last one last.
    return socket.send(GlassesWire.subscriptionUpdate(options.packageName(), copy));
  }

  @Override
  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  @Override
  public Registration onDataStream(String streamType, Consumer<DataStream> handler) {
    Objects.requireNonNull(streamType, "streamType");
    return byStream.computeIfAbsent(streamType, t -> new Handlers<>("data_stream " + t)).add(handler);
  }

  @Override
  public Registration onAnyDataStream(Consumer<DataStream> handler) {
    return anyStream.add(handler);
  }

  @Override
  public Registration onTranscription(String language, Consumer<Transcription> handler) {
    Objects.requireNonNull(handler, "handler");
    return onDataStream("transcription:" + language, d -> handler.accept(Transcription.from(d)));
  }

  @Override
  public Registration onAudio(Consumer<byte[]> handler) {
    return socket.onBinary(handler);
  }

  @Override
  public Registration onStopped(Consumer<AppStopped> handler) {
    return stopped.add(handler);
  }

  @Override
  public CompletableFuture<Void> showTextWall(String text) {
    return display(Layout.textWall(text));
  }

  @Override
  public CompletableFuture<Void> display(Layout layout) {
    return display(layout, View.MAIN, null);
  }

  @Override
  public CompletableFuture<Void> display(Layout layout, View view, Duration duration) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(view, "view");
    return socket.send(GlassesWire.display(options.packageName(), layout, view, duration));
  }

  @Override
  public CompletableFuture<Void> release(String reason) {
    return socket.trySend(GlassesWire.message("ownership_release").put("reason", reason == null ? "" : reason))
        .handle((v, e) -> null).thenCompose(v -> close());
  }

  @Override
  public String toString() {
    return "AppClient[" + options.packageName() + " in " + options.sessionId() + ", " + socket.state() + "]";
  }
}
