package io.switchboard.client.glasses;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.glasses.impl.AppClientImpl;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A third-party app of the glasses profile, written in Java (what {@code @mentra/sdk}'s
 * {@code AppSession} is for TypeScript): one app in one user session, on {@code /tpa-ws}.
 *
 * <pre>{@code
 * // in the app server's webhook handler, for a session_request:
 * SessionRequest start = (SessionRequest) WebhookRequest.parse(body);
 * AppClient app = AppClient.create(AppOptions.builder(start, "com.example.captions", apiKey).build());
 * app.onTranscription("en-US", t -> app.showTextWall("Heard: " + t.text()));
 * app.subscribe(Subscription.transcription("en-US"));
 * app.connect().join();                   // acknowledged: now answer the webhook 200
 * }</pre>
 *
 * <h2>Connecting</h2>
 * {@link #connect()} opens the socket, sends {@code tpa_connection_init {sessionId, packageName,
 * apiKey}} and completes on {@code tpa_connection_ack}. A {@code tpa_connection_error} fails it with
 * {@link AppConnectionException} ({@code INVALID_API_KEY}, {@code NO_ACTIVE_SESSION},
 * {@code UNKNOWN_PACKAGE}, {@code APP_NOT_STARTED}), after which the client is closed (only
 * {@code INIT_TIMEOUT} is retried). Network failures are retried with backoff.
 *
 * <h2>Subscriptions and events</h2>
 * {@link #subscribe} replaces the app's subscriptions ({@code subscription_update}); events arrive as
 * {@code data_stream} and reach the handlers registered for their exact {@code streamType}, the
 * subscription string they matched: subscribe to {@code transcription:en-US} and handle
 * {@code transcription:en-US}. Registering a handler does not subscribe. With {@code audio_chunk},
 * the glasses' audio arrives as binary frames ({@link #onAudio}).
 *
 * <h2>Reconnects and the end of the session</h2>
 * After an abnormal loss the client reconnects with backoff, sends {@code tpa_connection_init} again
 * and re-sends its subscriptions. The session ends, and the client stops and closes, when the server
 * sends {@code app_stopped} (the user stopped the app; {@code stop_request} goes to the webhook), closes
 * the socket 1000 or 1008 ({@code "User session ended"}, {@code "Replaced by a newer connection"}), or
 * refuses a reconnect ({@code NO_ACTIVE_SESSION}, {@code APP_NOT_STARTED}); {@link #onStopped} reports
 * it. An app server that gets a {@code stop_request} for a session still open calls {@link #close()}.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking (safe on a Vert.x event loop). Handlers run one at a
 * time, in the order the server sent the messages, on the client's callback executor (by default
 * daemon threads owned by the client, never an event loop); a handler may block, delaying the ones
 * after it. Futures complete on the same executor outside that order, so a handler may wait on one.
 * JSON messages are written at once when connected, otherwise queued (bounded) until the next
 * acknowledged connection; the futures complete once written.
 */
public interface AppClient {

  /** A client on a Vert.x instance of its own (closed with the client). Call {@link #connect()}. */
  static AppClient create(AppOptions options) {
    return AppClientImpl.create(null, options);
  }

  /** A client on an existing Vert.x instance (left open on close); an app server serving many sessions shares one. */
  static AppClient create(Vertx vertx, AppOptions options) {
    return AppClientImpl.create(vertx, options);
  }

  /** Connects; completes once acknowledged, fails with {@link AppConnectionException} when refused. */
  CompletableFuture<Void> connect();

  /** The app session id, {@code <userSessionId>-<packageName>}. */
  String sessionId();

  /** The user, when the options named one (from the session request); else null. */
  String userId();

  String packageName();

  /**
   * Replaces the subscriptions ({@code subscription_update}); remembered and sent again on every
   * reconnect. Strings become plain entries.
   */
  CompletableFuture<Void> subscribe(String... streams);

  /** Replaces the subscriptions with entries that may carry a rate ({@code {stream, rate}}). */
  CompletableFuture<Void> subscribe(Subscription first, Subscription... more);

  /** Replaces the subscriptions; an empty list unsubscribes from everything. */
  CompletableFuture<Void> subscribe(List<Subscription> subscriptions);

  /** The subscriptions last set (empty before any). */
  List<Subscription> subscriptions();

  /** {@code data_stream} events whose {@code streamType} is exactly {@code streamType}. */
  Registration onDataStream(String streamType, Consumer<DataStream> handler);

  /** Every {@code data_stream} event, after the handlers of its stream type. */
  Registration onAnyDataStream(Consumer<DataStream> handler);

  /**
   * Transcriptions of the stream {@code transcription:<language>} (subscribe to the same string,
   * e.g. {@link Subscription#transcription(String)}).
   */
  Registration onTranscription(String language, Consumer<Transcription> handler);

  /** Binary audio from the glasses (subscribe to {@code audio_chunk}). */
  Registration onAudio(Consumer<byte[]> handler);

  /** {@code error}: a message was refused ({@code INVALID_MESSAGE}, {@code UNKNOWN_TYPE}, ...). */
  Registration onError(Consumer<ServerError> handler);

  /** The session ended (see the class comment); called once, then the client is closed. */
  Registration onStopped(Consumer<AppStopped> handler);

  /** A text wall on the main view, until replaced. */
  CompletableFuture<Void> showTextWall(String text);

  /** A layout on the main view, until replaced. */
  CompletableFuture<Void> display(Layout layout);

  /**
   * {@code display_event {packageName, view, layout, durationMs}}: a layout on a view, for
   * {@code duration} (null: until replaced). The server shows at most one display per view every
   * 200 ms per app (the newest of those in between wins) and lets the foreground app go first.
   */
  CompletableFuture<Void> display(Layout layout, View view, Duration duration);

  /**
   * Sends {@code ownership_release {reason}} (the server will not start this app again when its
   * socket closes), then closes.
   */
  CompletableFuture<Void> release(String reason);

  /** Connection state changes of the underlying socket. */
  Registration onStateChange(Consumer<StateChange> listener);

  ConnectionState state();

  /** The socket underneath, for raw messages and the queue counts. */
  SwitchboardSocket socket();

  /**
   * Closes for good (1000) and releases the threads the client owns. A session that was not
   * stopped is then started again by the server (a new {@code session_request}); use
   * {@link #release} to leave it for good.
   */
  CompletableFuture<Void> close();
}
