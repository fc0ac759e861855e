package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Plays devices and REST callers of the devices profile over real sockets. */
public final class DeviceDriver {
  public static final List<String> ALL_CAPABILITIES =
      List.of("camera", "location", "notification", "screen_record", "command_execution");

  private final TestServer server;

  public DeviceDriver(TestServer server) {
    this.server = server;
  }

  public String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  public WsProbe connect(String userJwt) {
    return WsProbe.connect("ws://127.0.0.1:" + server.httpPort() + "/api/devices/ws?token=" + userJwt);
  }

  public static ObjectNode register(String deviceId, List<String> capabilities) {
    ObjectNode info = Json.object().put("name", "Test " + deviceId).put("node_type", "mobile").put("platform", "ios")
        .put("platform_version", "17.0").put("architecture", "arm64");
    info.set("capabilities", Json.MAPPER.valueToTree(capabilities));
    ObjectNode m = Json.object().put("type", "register").put("device_node_id", deviceId);
    m.set("device_info", info);
    return m;
  }

  /** Connects and registers a device; returns its socket after `registered`. */
  public WsProbe device(String userJwt, String deviceId, List<String> capabilities) {
    WsProbe p = connect(userJwt);
    p.send(register(deviceId, capabilities));
    JsonNode connected = p.await("connected");
    assertThat(connected.get("device_node_id").asText()).isEqualTo(deviceId);
    p.await("registered");
    return p;
  }

  public CompletableFuture<Http.Reply> call(String path, String userJwt, JsonNode body) {
    return Http.postAsync(base() + path, userJwt, Json.write(body));
  }

  public static ObjectNode result(JsonNode command, boolean success, JsonNode data) {
    ObjectNode r = Json.object().put("type", "result").put("command_id", command.get("command_id").asText())
        .put("success", success);
    if (data != null) {
      r.set("data", data);
    }
    return r;
  }
}
