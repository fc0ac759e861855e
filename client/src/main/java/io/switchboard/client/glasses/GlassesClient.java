package io.switchboard.client.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.glasses.impl.GlassesClientImpl;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Smart glasses (through their phone app) of the glasses profile: {@code /glasses-ws} with a user
 * JWT, the user session, starting and stopping apps, the glasses' events and audio, and what the
 * apps put on the display.
 *
 * <pre>{@code
 * GlassesClient glasses = GlassesClient.create(GlassesOptions.builder("http://localhost:8000")
 *     .userToken(userJwt).build());
 * glasses.onDisplay(d -> render(d.view(), d.layout()));
 * GlassesSession session = glasses.connect().join();      // connection_init → connection_ack
 * glasses.startApp("com.example.captions");
 * glasses.sendTranscription("Hello", "en-US");
 * }</pre>
 *
 * <h2>Reconnects</h2>
 * Every connection attempt asks for the user JWT afresh, sends {@code connection_init} and waits for
 * {@code connection_ack} before anything else is written; a {@code connection_error} (a bad or
 * expired token) is reported to {@link #onConnectionError} and fails that attempt, which is retried
 * with backoff. Within the server's grace (60 s) the session is the same after a reconnect: same id,
 * its apps still running, and the server sends the current display again. When the server closes
 * the socket 1000 (a newer glasses connection of the same user replaced it), the client does not
 * reconnect: it reports {@link #onServerClose} and closes.
 *
 * <h2>Sending</h2>
 * JSON messages ({@code start_app}, events) are written at once when connected and otherwise queued
 * (bounded) until the next acknowledged connection; the futures complete once written. Audio is live
 * data and never queued: {@link #sendAudio} fails with {@link io.switchboard.client.NotConnectedException}
 * while disconnected. Problems with a message come back as {@code error} messages ({@link #onError}).
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking (safe on a Vert.x event loop). Listeners run one at a
 * time, in the order the server sent the messages, on the client's callback executor (by default
 * daemon threads owned by the client, never an event loop); a listener may block, delaying the ones
 * after it. Futures complete on the same executor outside that order, so a listener may wait on one.
 * Messages passed in are copied before the call returns.
 */
public interface GlassesClient {

  /** A client on a Vert.x instance of its own (closed with the client). Call {@link #connect()}. */
  static GlassesClient create(GlassesOptions options) {
    return GlassesClientImpl.create(null, options);
  }

  /** A client on an existing Vert.x instance (left open on close). */
  static GlassesClient create(Vertx vertx, GlassesOptions options) {
    return GlassesClientImpl.create(vertx, options);
  }

  /** Connects (and keeps reconnecting); completes with the user session once acknowledged. */
  CompletableFuture<GlassesSession> connect();

  /** The user session of the latest acknowledgement (updated by {@code app_state_change}); null before. */
  GlassesSession session();

  /** The user session id; null before the first acknowledgement. */
  String sessionId();

  /** {@code start_app {packageName}}: the app's status then comes through {@link #onAppStateChange}. */
  CompletableFuture<Void> startApp(String packageName);

  /** {@code stop_app {packageName}}. */
  CompletableFuture<Void> stopApp(String packageName);

  /** {@code transcription {text, transcribeLanguage, isFinal}}; a null language means the server's default. */
  CompletableFuture<Void> sendTranscription(Transcription transcription);

  /** A final transcription. */
  CompletableFuture<Void> sendTranscription(String text, String language);

  /** {@code button_press {buttonId, pressType}}, e.g. {@code ("main", "short")}. */
  CompletableFuture<Void> sendButtonPress(String buttonId, String pressType);

  /** {@code head_position {position}}, e.g. {@code up} or {@code down}. */
  CompletableFuture<Void> sendHeadPosition(String position);

  /** {@code location_update {lat, lng}} (apps see it as {@code location_update} and {@code location_stream}). */
  CompletableFuture<Void> sendLocation(double lat, double lng);

  /** {@code glasses_battery_update {level, charging}}, level 0 to 100. */
  CompletableFuture<Void> sendGlassesBattery(int level, boolean charging);

  /** {@code phone_battery_update {level, charging}}, level 0 to 100. */
  CompletableFuture<Void> sendPhoneBattery(int level, boolean charging);

  /** {@code VAD {status}}: whether the user is speaking. */
  CompletableFuture<Void> sendVad(boolean speaking);

  /** {@code phone_notification {app, title, content}}. */
  CompletableFuture<Void> sendPhoneNotification(String app, String title, String content);

  /**
   * Any other event: {@code fields} with {@code type} set (e.g. {@code notification_dismissed},
   * {@code calendar_event}, {@code touch_event}); apps subscribed to a stream of that name get it.
   */
  CompletableFuture<Void> sendEvent(String type, ObjectNode fields);

  /** Audio as a binary frame (to apps subscribed to {@code audio_chunk}); never queued. */
  CompletableFuture<Void> sendAudio(byte[] audio);

  /** {@code display_event}: what a view shows now. */
  Registration onDisplay(Consumer<DisplayEvent> listener);

  /** {@code app_state_change}. */
  Registration onAppStateChange(Consumer<AppStateChange> listener);

  /** {@code microphone_state_change}. */
  Registration onMicrophoneState(Consumer<MicrophoneState> listener);

  /** {@code connection_error}: the server refused the connection (e.g. {@code INVALID_TOKEN}); it is retried. */
  Registration onConnectionError(Consumer<ServerError> listener);

  /** {@code error}: a message was refused ({@code INVALID_MESSAGE}, {@code UNKNOWN_PACKAGE}, ...). */
  Registration onError(Consumer<ServerError> listener);

  /** The server closed the socket for good (1000); the client is then closed. */
  Registration onServerClose(Consumer<ServerClose> listener);

  /** Connection state changes of the underlying socket. */
  Registration onStateChange(Consumer<StateChange> listener);

  ConnectionState state();

  /** The socket underneath, for raw messages ({@code on(type, ...)}) and the queue counts. */
  SwitchboardSocket socket();

  /** Closes for good (1000) and releases the threads the client owns; the session lives on for its grace. */
  CompletableFuture<Void> close();
}
