package io.switchboard.client.glasses.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.Handshake;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.client.glasses.AppStateChange;
import io.switchboard.client.glasses.DisplayEvent;
import io.switchboard.client.glasses.GlassesClient;
import io.switchboard.client.glasses.GlassesOptions;
import io.switchboard.client.glasses.GlassesSession;
import io.switchboard.client.glasses.MicrophoneState;
import io.switchboard.client.glasses.ServerClose;
import io.switchboard.client.glasses.Transcription;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GlassesClient} on the generic socket: the {@code connection_init} handshake, the glasses'
 * messages, and the listeners. {@code session} is written on the ordered callback thread (handshake
 * continuations and inbound messages) and read anywhere, hence volatile.
 */
public final class GlassesClientImpl extends GlassesProfileClient implements GlassesClient {
  private static final Logger LOG = LoggerFactory.getLogger(GlassesClientImpl.class);

  private final Handlers<DisplayEvent> displays = new Handlers<>("display_event");
  private final Handlers<AppStateChange> appStates = new Handlers<>("app_state_change");
  private final Handlers<MicrophoneState> microphone = new Handlers<>("microphone_state_change");
  private final Handlers<ServerError> connectionErrors = new Handlers<>("connection_error");
  private final Handlers<ServerClose> serverCloses = new Handlers<>("server close");
  private volatile GlassesSession session;

  private GlassesClientImpl(Vertx vertx, GlassesOptions options) {
    super(vertx, options, options.credentials(), options.ackTimeout(), "connection_ack", "connection_error");
    socket.on("display_event", m -> displays.emit(GlassesWire.displayEvent(m)));
    socket.on("app_state_change", this::appStateChanged);
    socket.on("microphone_state_change", m -> microphone.emit(GlassesWire.microphone(m)));
    socket.on("connection_error", m -> connectionErrors.emit(GlassesWire.error(m)));
  }

  public static GlassesClient create(Vertx vertx, GlassesOptions options) {
    return new GlassesClientImpl(vertx, options);
  }

  @Override
  ObjectNode init() {
    return GlassesWire.message("connection_init");
  }

  @Override
  Exception endedFailure() {
    return new SwitchboardClientException("the server ended this glasses connection");
  }

  /** connection_ack gives the session; connection_error fails the attempt. */
  @Override
  CompletionStage<Void> answered(Handshake.Session s, JsonNode reply) {
    if (GlassesWire.is(reply, "connection_error")) {
      throw new CompletionException(new ServerErrorException(GlassesWire.error(reply)));
    }
    GlassesSession acked = GlassesWire.session(reply);
    session = acked != null ? acked : new GlassesSession(reply.path("sessionId").asText(), null, null,
        List.of(), List.of());
    return CompletableFuture.completedFuture(null);
  }

  private void appStateChanged(JsonNode m) {
    AppStateChange change = GlassesWire.appState(m);
    if (change.session() != null) {
      session = change.session();
    }
    appStates.emit(change);
  }

  /** A close 1000 of an established connection: a newer glasses connection took over; stop here. */
  @Override
  void closedByServer(ServerClose close) {
    if (close.code() == CloseCodes.NORMAL && ended.compareAndSet(false, true)) {
      LOG.info("glasses connection closed by the server ({} {}); not reconnecting", close.code(), close.reason());
      serverCloses.emit(close);
      socket.close();
    }
  }

  @Override
  public CompletableFuture<GlassesSession> connect() {
    return socket.connect().thenApply(v -> session);
  }

  @Override
  public GlassesSession session() {
    return session;
  }

  @Override
  public String sessionId() {
    GlassesSession s = session;
    return s == null ? null : s.sessionId();
  }

  @Override
  public CompletableFuture<Void> startApp(String packageName) {
    return socket.send(GlassesWire.app("start_app", packageName));
  }

  @Override
  public CompletableFuture<Void> stopApp(String packageName) {
    return socket.send(GlassesWire.app("stop_app", packageName));
  }

  @Override
  public CompletableFuture<Void> sendTranscription(Transcription t) {
    ObjectNode m = Json.object().put("text", t.text()).put("isFinal", t.isFinal());
    if (t.language() != null) {
      m.put("transcribeLanguage", t.language());
    }
    return sendEvent("transcription", m);
  }

  @Override
  public CompletableFuture<Void> sendTranscription(String text, String language) {
    return sendTranscription(Transcription.of(text, language));
  }

  @Override
  public CompletableFuture<Void> sendButtonPress(String buttonId, String pressType) {
    return sendEvent("button_press", Json.object().put("buttonId", buttonId).put("pressType", pressType));
  }

  @Override
  public CompletableFuture<Void> sendHeadPosition(String position) {
    return sendEvent("head_position", Json.object().put("position", position));
  }

  @Override
  public CompletableFuture<Void> sendLocation(double lat, double lng) {
    return sendEvent("location_update", Json.object().put("lat", lat).put("lng", lng));
  }

  @Override
  public CompletableFuture<Void> sendGlassesBattery(int level, boolean charging) {
    return sendEvent("glasses_battery_update", Json.object().put("level", level).put("charging", charging));
  }

  @Override
  public CompletableFuture<Void> sendPhoneBattery(int level, boolean charging) {
    return sendEvent("phone_battery_update", Json.object().put("level", level).put("charging", charging));
  }

  @Override
  public CompletableFuture<Void> sendVad(boolean speaking) {
    return sendEvent("VAD", Json.object().put("status", speaking));
  }

  @Override
  public CompletableFuture<Void> sendPhoneNotification(String app, String title, String content) {
    return sendEvent("phone_notification", Json.object().put("app", app).put("title", title).put("content", content));
  }

  @Override
  public CompletableFuture<Void> sendEvent(String type, ObjectNode fields) {
    return socket.send(GlassesWire.event(type, fields));
  }

  @Override
  public CompletableFuture<Void> sendAudio(byte[] audio) {
    return socket.sendBinary(audio);
  }

  @Override
  public Registration onDisplay(Consumer<DisplayEvent> listener) {
    return displays.add(listener);
  }

  @Override
  public Registration onAppStateChange(Consumer<AppStateChange> listener) {
    return appStates.add(listener);
  }

  @Override
  public Registration onMicrophoneState(Consumer<MicrophoneState> listener) {
    return microphone.add(listener);
  }

  @Override
  public Registration onConnectionError(Consumer<ServerError> listener) {
    return connectionErrors.add(listener);
  }

  @Override
  public Registration onServerClose(Consumer<ServerClose> listener) {
    return serverCloses.add(listener);
  }

  @Override
  public String toString() {
    return "GlassesClient[" + sessionId() + ", " + socket.state() + "]";
  }
}
