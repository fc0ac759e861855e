package io.switchboard.client.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ServerError;
import java.util.List;

/**
 * What a {@link PairingClient} reports to the application, one record per server message kind.
 * Register with {@link PairingClient#on(Class, java.util.function.Consumer)} for one kind or
 * {@link PairingClient#onEvent} for all.
 */
public sealed interface PairingEvent {

  /**
   * {@code channel_joined}, after every join and every automatic rejoin: the channel's members and
   * its state (latest merged settings and latest {@code STATE_UPDATE} per state type), so a device
   * that comes back starts in sync.
   *
   * @param seq the channel's sequence number at the join
   * @param settings the merged settings (an empty object when none)
   * @param states {@code {stateType: {"version", "data"}}}
   */
  record Joined(String channel, boolean paired, long seq, List<Member> members, JsonNode settings,
      JsonNode states) implements PairingEvent {}

  /** A member of a channel. */
  record Member(String clientId, String deviceType, String sessionId) {}

  /** {@code pairing_success}: a desktop and a mobile are both in the channel (again after a rejoin). */
  record PairingSuccess(String code, String channelId, String message) implements PairingEvent {}

  /** {@code client_joined}: the other device joined (or rejoined) the channel. */
  record PeerJoined(String clientId, String deviceType) implements PairingEvent {}

  /** {@code desktop_disconnected} / {@code mobile_disconnected}: the other device left. */
  record PeerDisconnected(String deviceType, String sessionId, String channel, String reason,
      boolean forceDisconnect) implements PairingEvent {}

  /** {@code settings_sync} from the other device. */
  record SettingsSync(String channelId, JsonNode settings, long seq) implements PairingEvent {}

  /** {@code channel_message} from the other device. */
  record ChannelMessage(String channelId, JsonNode payload, long seq) implements PairingEvent {
    public boolean isStateUpdate() {
      return "STATE_UPDATE".equals(payload.path("action").asText());
    }

    /** The payload's {@code stateType}, or null. */
    public String stateType() {
      return payload.path("stateType").asText(null);
    }

    /** The payload's {@code data}, or null. */
    public JsonNode data() {
      return payload.get("data");
    }
  }

  /** {@code audio_chunk} (JSON) from the other device. */
  record Audio(AudioChunk chunk) implements PairingEvent {}

  /** A binary audio frame from the other device. */
  record AudioBinary(byte[] data) implements PairingEvent {}

  /**
   * The channel is gone: a rejoin was refused ({@code code} {@code INVALID_CHANNEL}: it expired, or
   * the server restarted and forgot it) or the server announced {@code channel_closed} ({@code code}
   * null, {@code reason} from the server). The client stops rejoining it; pair again.
   */
  record ChannelLost(String channel, String code, String reason) implements PairingEvent {}

  /** An {@code error} message from the server (including ones that also failed a call's future). */
  record Error(ServerError error) implements PairingEvent {}
}
