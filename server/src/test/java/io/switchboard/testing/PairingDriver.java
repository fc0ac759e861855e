package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Drives the pairing flow the way the seed's desktop and mobile clients do, over real sockets. */
public final class PairingDriver {
  private static final AtomicInteger PINGS = new AtomicInteger();
  private final TestServer server;

  public PairingDriver(TestServer server) {
    this.server = server;
  }

  /** A desktop and a mobile of one pair, both joined. */
  public record Pair(String code, String channel, WsProbe desktop, WsProbe mobile, String desktopSession,
      String mobileSession) implements AutoCloseable {
    @Override
    public void close() {
      desktop.close();
      mobile.close();
    }
  }

  public String wsToken(String userJwt, String deviceType) {
    String path = deviceType.equals("mobile") ? "/api/auth/ws-token-mobile" : "/api/auth/ws-token";
    Http.Reply r = Http.post(server.pairingUrl() + path, userJwt, "{\"username\":\"x\"}");
    assertThat(r.status()).as("ws token %s", r.body()).isEqualTo(200);
    return r.body().get("token").asText();
  }

  public Http.Reply generate(String userJwt, String desktopSession) {
    return Http.post(server.pairingUrl() + "/api/generate-pair-code", userJwt,
        Json.write(Json.object().put("desktop_session_id", desktopSession)));
  }

  public Http.Reply pairDevice(String userJwt, String code, String mobileSession) {
    return Http.post(server.pairingUrl() + "/api/pair-device", userJwt,
        Json.write(Json.object().put("code", code).put("mobile_session_id", mobileSession)));
  }

  /** pair-device with a body exactly as given (for malformed requests). */
  public Http.Reply pairDeviceBody(String userJwt, String body) {
    return Http.post(server.pairingUrl() + "/api/pair-device", userJwt, body);
  }

  /** Asserts a REST failure: the status and {"success":false,"error":CODE,"message":...}. */
  public static void assertRestFailure(Http.Reply r, int status, String code) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    assertThat(r.body().path("success").isBoolean()).as("success in %s", r.body()).isTrue();
    assertThat(r.body().path("success").asBoolean()).isFalse();
    assertThat(r.body().path("error").asText()).as("error in %s", r.body()).isEqualTo(code);
    assertThat(r.body().path("message").asText()).as("message in %s", r.body()).isNotBlank();
  }

  public WsProbe connect(String wsToken) {
    WsProbe p = WsProbe.connect("ws://127.0.0.1:" + server.pairingPort() + "/ws?token=" + wsToken);
    p.await("connected");
    return p;
  }

  public static JsonNode identify(String deviceType, String session) {
    return Json.object().put("type", "identify").put("device_type", deviceType).put("session_id", session)
        .put("user_agent", "Test/1.0");
  }

  public static JsonNode join(String channel, String deviceType, String session) {
    return Json.object().put("type", "join_channel").put("channel", channel).put("device_type", deviceType)
        .put("session_id", session);
  }

  public static ObjectNode channelMessage(String channel, JsonNode payload) {
    ObjectNode m = Json.object().put("type", "channel_message").put("channelId", channel);
    m.set("payload", payload);
    return m;
  }

  public static ObjectNode settingsSync(String channel, JsonNode settings) {
    ObjectNode m = Json.object().put("type", "settings_sync").put("channelId", channel);
    m.set("settings", settings);
    return m;
  }

  /**
   * Sends a marker channel_message from one member and waits until the other member gets it.
   * Everything the sender sent before the marker has been relayed or refused by then, so the
   * receiver's messages since a {@link WsProbe#mark()} show exactly what got through.
   */
  public static JsonNode relayMarker(WsProbe from, WsProbe to, String channel) {
    String marker = UUID.randomUUID().toString();
    from.send(channelMessage(channel, Json.object().put("marker", marker)));
    return to.await(m -> "channel_message".equals(m.path("type").asText())
        && marker.equals(m.path("payload").path("marker").asText()), "marker " + marker);
  }

  /** Asserts the connection still answers: ping with a fresh sequence gets the matching pong. */
  public static void assertAlive(WsProbe p) {
    int seq = PINGS.incrementAndGet();
    p.send(Json.object().put("type", "ping").put("sequence", seq));
    JsonNode pong = p.await(m -> "pong".equals(m.path("type").asText()) && m.path("sequence").asInt() == seq,
        "pong " + seq);
    assertThat(pong.path("timestamp").asText()).endsWith("Z");
    assertThat(p.isClosed()).isFalse();
  }

  /** Identifies and joins; returns channel_joined. */
  public JsonNode identifyAndJoin(WsProbe p, String channel, String deviceType, String session) {
    p.send(identify(deviceType, session));
    p.await("identified");
    p.send(join(channel, deviceType, session));
    return p.await("channel_joined");
  }

  /** The whole flow for one user: code, desktop joins, mobile pairs and joins, both see pairing_success. */
  public Pair pair(String user, String tag) {
    String jwt = server.userToken(user);
    String desktopSession = "desktop-" + tag;
    String mobileSession = "mobile-" + tag;
    Http.Reply gen = generate(jwt, desktopSession);
    assertThat(gen.status()).isEqualTo(200);
    String code = gen.body().get("code").asText();
    String channel = gen.body().get("channel_id").asText();
    WsProbe desktop = connect(wsToken(jwt, "desktop"));
    identifyAndJoin(desktop, channel, "desktop", desktopSession);
    Http.Reply paired = pairDevice(jwt, code, mobileSession);
    assertThat(paired.status()).as("pair-device %s", paired.body()).isEqualTo(200);
    WsProbe mobile = connect(wsToken(jwt, "mobile"));
    identifyAndJoin(mobile, channel, "mobile", mobileSession);
    desktop.await("pairing_success");
    mobile.await("pairing_success");
    return new Pair(code, channel, desktop, mobile, desktopSession, mobileSession);
  }
}
