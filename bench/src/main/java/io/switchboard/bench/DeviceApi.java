package io.switchboard.bench;

import io.vertx.core.Future;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Switchboard's devices profile as the commands scenario drives it, on the MAIN listener
 * ({@code http.port}, not the pairing one): device sockets at {@code /api/devices/ws?token=USER_JWT}
 * that send {@code register} and wait for {@code registered}, and the REST command API called with
 * the same user's JWT. All devices of one run belong to one user of their own.
 */
final class DeviceApi {
  static final String WS_PATH = "/api/devices/ws";

  /** The main listener: where the device sockets and the REST command API are. */
  final String host;
  final int port;
  /** The user JWT that owns the devices; the REST calls carry it as {@code Authorization: Bearer}. */
  final String token;
  private final Adapter adapter;

  DeviceApi(Adapter adapter, URI main, String token) {
    this.adapter = adapter;
    this.host = main.getHost();
    this.port = main.getPort();
    this.token = token;
  }

  /** The device id of device {@code number} of this run. */
  String deviceId(int number) {
    return "bench-" + adapter.run + "-dev" + number;
  }

  /**
   * Connects device {@code number} from the current context and registers it with the given
   * capabilities; completes once the server answered {@code registered}.
   */
  Future<Link> register(int number, List<String> capabilities) {
    String id = deviceId(number);
    String caps = capabilities.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
    return Link.connect(adapter.client(number), Codec.JSON, host, port, WS_PATH + "?token=" + token).compose(l -> {
      l.send("register", "\"device_node_id\":\"" + id + "\",\"device_info\":{\"name\":\"bench device " + number
          + "\",\"node_type\":\"mobile\",\"platform\":\"bench\",\"platform_version\":\"1\","
          + "\"architecture\":\"x86_64\",\"capabilities\":[" + caps + "]}");
      return l.await("registered").map(f -> l);
    });
  }

  /** A device's answer to a command: success with the given data fields. */
  static String result(String commandId, String dataFields) {
    return Codec.JSON.frame("result", "\"command_id\":\"" + commandId + "\",\"success\":true,\"data\":{"
        + dataFields + "}");
  }
}
