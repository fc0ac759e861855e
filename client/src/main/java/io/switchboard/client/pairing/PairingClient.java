package io.switchboard.client.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.pairing.impl.PairingClientImpl;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A desktop or mobile device of the pairing profile (seed 000): the REST calls, the WebSocket flow,
 * and staying paired across reconnects.
 *
 * <pre>{@code
 * desktop: connect() → generatePairCode() → joinChannel(code.channelId()) → show code.code()
 * mobile:  pairDevice(code) → connect() → joinChannel(channel)
 * }</pre>
 *
 * <h2>Reconnects</h2>
 * Every connection attempt fetches a fresh WS token with the user JWT. On every new connection the
 * client waits for {@code connected}, sends {@code identify}, and, if it had joined a channel,
 * {@code join_channel} with {@code last_seq} = the last relayed {@code seq} it received, so the
 * server replays what it missed (and {@link PairingEvent.Joined} brings the channel's state). Only
 * then are messages queued while disconnected sent, in order. If the server no longer has the channel
 * (it expired, or the server restarted: channels live in its memory) the client reports
 * {@link PairingEvent.ChannelLost}, fails the messages queued for that channel with
 * {@link ChannelLostException}, stays connected, and stops rejoining it. A rejoin answered
 * {@code CHANNEL_FULL} (the server has not yet noticed the old connection is dead) fails that attempt,
 * which is retried with backoff. Relayed messages already seen (by {@code seq}) are not reported twice.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and non-blocking (safe on a Vert.x event loop). Events are delivered
 * one at a time, in the order the server sent them, on the client's callback executor (by default
 * daemon threads owned by the client, never an event loop); a handler may block, delaying the events
 * after it. Futures complete on the same executor outside that order, so a handler may wait on one.
 * Messages passed in are serialised before the call returns; do not mutate them concurrently.
 */
public interface PairingClient {

  /** A client on a Vert.x instance of its own (closed with the client). */
  static PairingClient create(PairingOptions options) {
    return PairingClientImpl.create(null, options);
  }

  /** A client on an existing Vert.x instance (left open on close). */
  static PairingClient create(Vertx vertx, PairingOptions options) {
    return PairingClientImpl.create(vertx, options);
  }

  DeviceRole role();

  String sessionId();

  /** {@code POST /api/auth/ws-token} (desktop) or {@code ws-token-mobile} (mobile). */
  CompletableFuture<String> fetchWsToken();

  /** Desktop: {@code POST /api/generate-pair-code} for this session. Join its channel next. */
  CompletableFuture<PairCode> generatePairCode();

  /** Mobile: {@code POST /api/pair-device} with the code the user typed; completes with the channel id. */
  CompletableFuture<String> pairDevice(String code);

  /** Connects (and keeps reconnecting); completes once connected and identified. */
  CompletableFuture<Void> connect();

  /**
   * Joins a channel (sent now, or queued until connected) and remembers it for rejoins. Completes
   * with the channel's members and state, or fails with {@link io.switchboard.client.ServerErrorException}
   * ({@code INVALID_CHANNEL}, {@code CHANNEL_FULL}).
   */
  CompletableFuture<PairingEvent.Joined> joinChannel(String channel);

  /** The channel this client sends to and rejoins; null before a join or after the channel was lost. */
  String channel();

  /** The last relayed {@code seq} received in the current channel (sent as {@code last_seq} on rejoin). */
  long lastSeq();

  /** {@code settings_sync} to the other device (queued while disconnected). */
  CompletableFuture<Void> syncSettings(JsonNode settings);

  /** {@code channel_message} with {@code {"action":"STATE_UPDATE", stateType, data}} (queued while disconnected). */
  CompletableFuture<Void> sendStateUpdate(String stateType, JsonNode data);

  /** {@code channel_message} with any payload (queued while disconnected). */
  CompletableFuture<Void> sendChannelMessage(JsonNode payload);

  /** {@code audio_chunk} as JSON; live data, so it fails with NotConnectedException rather than queue. */
  CompletableFuture<Void> sendAudioChunk(AudioChunk chunk);

  /** Audio as a binary frame; fails with NotConnectedException when not connected. */
  CompletableFuture<Void> sendAudio(byte[] data);

  /** {@code ping} with a fresh sequence; completes with the matching {@code pong}. */
  CompletableFuture<JsonNode> ping();

  /** Events of one kind, e.g. {@code on(PairingEvent.SettingsSync.class, s -> ...)}. */
  <E extends PairingEvent> Registration on(Class<E> kind, Consumer<? super E> handler);

  /** Every event. */
  Registration onEvent(Consumer<PairingEvent> handler);

  /** Connection state changes of the underlying socket. */
  Registration onStateChange(Consumer<StateChange> listener);

  ConnectionState state();

  /** The socket underneath, for raw messages and the pending/queue counts. */
  SwitchboardSocket socket();

  /** Closes the socket for good and releases the threads the client owns. */
  CompletableFuture<Void> close();
}
