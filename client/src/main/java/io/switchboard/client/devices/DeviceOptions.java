package io.switchboard.client.devices;

import io.switchboard.client.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How a device connects: the devices WebSocket URL ({@code ws://host:8000/api/devices/ws}), a user
 * JWT supplier (asked before every connection attempt), its id and info, reconnect backoff, and the
 * heartbeat interval (the server probes after 30 s of silence).
 */
public record DeviceOptions(URI url, Supplier<? extends CompletionStage<String>> userToken, String deviceId,
    DeviceInfo info, Backoff backoff, Duration heartbeat, Duration heartbeatTimeout) {
  public DeviceOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(userToken, "userToken");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(info, "info");
    backoff = backoff == null ? Backoff.defaults() : backoff;
    heartbeat = heartbeat == null ? Duration.ofSeconds(20) : heartbeat;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(10) : heartbeatTimeout;
  }

  public static DeviceOptions of(String url, Supplier<? extends CompletionStage<String>> userToken, String deviceId,
      DeviceInfo info) {
    return new DeviceOptions(URI.create(url), userToken, deviceId, info, null, null, null);
  }

  public DeviceOptions withBackoff(Backoff b) {
    return new DeviceOptions(url, userToken, deviceId, info, b, heartbeat, heartbeatTimeout);
  }
}
