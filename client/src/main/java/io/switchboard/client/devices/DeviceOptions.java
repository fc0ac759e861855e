package io.switchboard.client.devices;

import io.switchboard.client.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How a device connects: the devices WebSocket URL ({@code ws://host:8000/api/devices/ws}), a user
 * JWT supplier (asked before every connection attempt), its id and info, reconnect backoff, and the
 * heartbeat interval (the server probes after 30 s of silence).
 *
 * <p>{@code alternateUrls}: the devices WebSocket URLs of other nodes of the same cluster, for a client
 * that knows them (no load balancer in front of the nodes). The first connection goes to {@code url};
 * after a failed attempt or a lost connection the next attempt goes to the next URL, round robin, with
 * the usual backoff (see {@link io.switchboard.client.SocketOptions}). Commands queued while the device
 * moves are delivered when it registers on its new node. Default none.
 */
public record DeviceOptions(URI url, Supplier<? extends CompletionStage<String>> userToken, String deviceId,
    DeviceInfo info, Backoff backoff, Duration heartbeat, Duration heartbeatTimeout, List<URI> alternateUrls) {
  public DeviceOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(userToken, "userToken");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(info, "info");
    backoff = backoff == null ? Backoff.defaults() : backoff;
    heartbeat = heartbeat == null ? Duration.ofSeconds(20) : heartbeat;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(10) : heartbeatTimeout;
    alternateUrls = alternateUrls == null ? List.of() : List.copyOf(alternateUrls);
  }

  public static DeviceOptions of(String url, Supplier<? extends CompletionStage<String>> userToken, String deviceId,
      DeviceInfo info) {
    return new DeviceOptions(URI.create(url), userToken, deviceId, info, null, null, null, null);
  }

  public DeviceOptions withBackoff(Backoff b) {
    return new DeviceOptions(url, userToken, deviceId, info, b, heartbeat, heartbeatTimeout, alternateUrls);
  }

  /** These options with one more alternate URL, tried after {@code url} and the alternates before it. */
  public DeviceOptions withAlternateUrl(String alternate) {
    List<URI> all = new ArrayList<>(alternateUrls);
    all.add(URI.create(alternate));
    return new DeviceOptions(url, userToken, deviceId, info, backoff, heartbeat, heartbeatTimeout, all);
  }
}
