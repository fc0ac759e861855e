package io.switchboard.cli.demo;

import static io.switchboard.cli.demo.DemoFailure.check;
import static io.switchboard.cli.demo.DemoFailure.checkField;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Plays a desktop and a mobile through the pairing profile (seed 000) against a server's pairing
 * listener, over the network only: WS tokens, pairing code, pairing, WebSocket connect, identify,
 * join, pairing_success, then the channel traffic of {@link ChannelTraffic}. Each step is checked
 * against the contract and printed; the first that fails stops the demo.
 */
public final class PairingDemo {
  private static final String USER_AGENT = "switchboard-demo/1.0";

  private final Vertx vertx;
  private final String baseUrl;
  private final String wsUrl;
  private final String userToken;
  private final StepTimer timer;
  private final Transcript transcript;
  private final String desktopSession;
  private final String mobileSession;
  private String desktopToken;
  private String mobileToken;
  private String code;
  private String channel;
  private DemoSocket desktop;
  private DemoSocket mobile;

  /**
   * @param baseUrl the pairing listener, {@code http://host:port} (https for TLS)
   * @param userToken a user JWT the server accepts
   * @param stepTimeout how long each step may take
   */
  public PairingDemo(PrintWriter out, Vertx vertx, String baseUrl, String userToken, Duration stepTimeout) {
    this.vertx = vertx;
    this.baseUrl = trimSlash(baseUrl);
    this.wsUrl = webSocketUrl(this.baseUrl);
    this.userToken = userToken;
    this.timer = new StepTimer(stepTimeout);
    this.transcript = new Transcript(out, timer);
    String tag = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    this.desktopSession = "desktop-" + tag;
    this.mobileSession = "mobile-" + tag;
  }

  /** {@code ws://host:port/ws} for {@code http://host:port} ({@code wss} for {@code https}). */
  static String webSocketUrl(String baseUrl) {
    URI uri = URI.create(baseUrl);
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("the URL must start with http:// or https://, got " + baseUrl);
    }
    return (scheme.equals("https") ? "wss" : "ws") + baseUrl.substring(scheme.length()) + "/ws";
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Runs every step; true when each happened as the contract says, in time. */
  public boolean run() {
    transcript.line("Pairing demo against " + baseUrl + " (each step may take up to " + timer.seconds() + ")");
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setConnectTimeout((int) timer.limit().toMillis()));
    try (DemoHttp http = new DemoHttp(vertx, baseUrl, timer)) {
      authorize(http);
      connectDesktop(ws);
      connectMobile(ws);
      new ChannelTraffic(transcript, desktop, mobile, channel, mobileSession).run();
      transcript.line("Demo passed: all " + transcript.current() + " steps happened as the contract says.");
      return true;
    } catch (DemoFailure f) {
      transcript.line("Demo failed at step " + transcript.current() + ".");
      return false;
    } finally {
      if (desktop != null) {
        desktop.close();
      }
      if (mobile != null) {
        mobile.close();
      }
      ws.close();
    }
  }

  /** The REST half: WS tokens for both devices, a pairing code, and the mobile pairing with it. */
  private void authorize(DemoHttp http) {
    transcript.step("desktop -> POST /api/auth/ws-token", () -> {
      DemoHttp.Reply r = wsToken(http, "/api/auth/ws-token");
      desktopToken = r.body().get("token").asText();
      return "200: a WS token for the desktop, expires in " + r.body().get("expires_in").asLong() + " s";
    });
    transcript.step("mobile  -> POST /api/auth/ws-token-mobile", () -> {
      DemoHttp.Reply r = wsToken(http, "/api/auth/ws-token-mobile");
      mobileToken = r.body().get("token").asText();
      return "200: a WS token for the mobile, expires in " + r.body().get("expires_in").asLong() + " s";
    });
    transcript.step("desktop -> POST /api/generate-pair-code", () -> generate(http));
    transcript.step("mobile  -> POST /api/pair-device", () -> pairDevice(http));
  }

  private DemoHttp.Reply wsToken(DemoHttp http, String path) {
    DemoHttp.Reply r = http.post(path, userToken, Json.object().put("username", "demo"));
    checkOk(r);
    check(!r.body().path("token").asText("").isEmpty(), "the reply has no token: " + r.describe());
    check(r.body().path("expires_in").asLong(0) > 0, "the reply has no positive expires_in: " + r.describe());
    return r;
  }

  private String generate(DemoHttp http) {
    DemoHttp.Reply r = http.post("/api/generate-pair-code", userToken,
        Json.object().put("desktop_session_id", desktopSession));
    checkOk(r);
    code = r.body().path("code").asText("");
    check(code.matches("\\d{6}"), "the code is not 6 digits: " + r.describe());
    channel = "pair-" + code;
    checkField(r.body(), "channel_id", channel);
    check(r.body().hasNonNull("expires_at"), "the reply has no expires_at: " + r.describe());
    return "200: code " + code + ", channel " + channel + ", expires at " + r.body().get("expires_at").asText();
  }

  private String pairDevice(DemoHttp http) {
    DemoHttp.Reply r = http.post("/api/pair-device", userToken,
        Json.object().put("code", code).put("mobile_session_id", mobileSession));
    checkOk(r);
    check(r.body().path("success").asBoolean(false), "success is not true: " + r.describe());
    checkField(r.body(), "channel_id", channel);
    return "200: code " + code + " accepted, paired on " + channel;
  }

  private static void checkOk(DemoHttp.Reply r) {
    check(r.status() == 200 && r.body() != null && r.body().isObject(),
        "expected HTTP 200 with a JSON object, received " + r.describe() + " instead");
  }

  /** The desktop connects, identifies and joins its channel, alone so far. */
  private void connectDesktop(WebSocketClient ws) {
    transcript.step("desktop <- connected", () -> {
      desktop = connect(ws, "desktop", desktopToken);
      return clientId(desktop);
    });
    transcript.step("desktop <- identified", () -> identify(desktop, "desktop", desktopSession));
    transcript.step("desktop <- channel_joined", () -> join(desktop, "desktop", desktopSession, 1));
  }

  /** The mobile connects, identifies and joins; the desktop hears of it; both are told they are paired. */
  private void connectMobile(WebSocketClient ws) {
    transcript.step("mobile  <- connected", () -> {
      mobile = connect(ws, "mobile", mobileToken);
      return clientId(mobile);
    });
    transcript.step("mobile  <- identified", () -> identify(mobile, "mobile", mobileSession));
    transcript.step("mobile  <- channel_joined", () -> join(mobile, "mobile", mobileSession, 2));
    transcript.step("desktop <- client_joined", () -> {
      JsonNode m = desktop.expect("client_joined");
      checkField(m, "client_id", mobileSession);
      checkField(m, "device_type", "mobile");
      return mobileSession + " (mobile)";
    });
    transcript.step("mobile  <- pairing_success", () -> pairingSuccess(mobile));
    transcript.step("desktop <- pairing_success", () -> pairingSuccess(desktop));
  }

  private DemoSocket connect(WebSocketClient ws, String device, String wsToken) {
    String url = wsUrl + "?token=" + URLEncoder.encode(wsToken, StandardCharsets.UTF_8);
    transcript.note(pad(device) + " -> connect " + DemoSocket.redact(url));
    return DemoSocket.connect(ws, url, device, timer);
  }

  private static String clientId(DemoSocket socket) {
    JsonNode m = socket.expect("connected");
    check(!m.path("client_id").asText("").isEmpty(), "connected carries no client_id: " + m);
    return "(client_id " + m.get("client_id").asText() + ")";
  }

  private String identify(DemoSocket socket, String device, String session) {
    transcript.note(pad(device) + " -> identify as " + device + ", session " + session);
    socket.send(Json.object().put("type", "identify").put("device_type", device).put("session_id", session)
        .put("user_agent", USER_AGENT));
    JsonNode m = socket.expect("identified");
    checkField(m, "device_type", device);
    checkField(m, "session_id", session);
    return device + " " + session;
  }

  private String join(DemoSocket socket, String device, String session, int members) {
    transcript.note(pad(device) + " -> join_channel " + channel);
    socket.send(Json.object().put("type", "join_channel").put("channel", channel).put("device_type", device)
        .put("session_id", session));
    JsonNode m = socket.expect("channel_joined");
    checkField(m, "channel", channel);
    int n = m.path("members").size();
    check(n == members, "channel_joined lists " + n + " members, expected " + members + ": " + m.get("members"));
    return channel + " (" + n + (n == 1 ? " member)" : " members)");
  }

  private String pairingSuccess(DemoSocket socket) {
    JsonNode m = socket.expect("pairing_success");
    checkField(m, "code", code);
    checkField(m, "channelId", channel);
    return "code " + code + ", channel " + channel;
  }

  /** Device names padded to one width, so the arrows line up. */
  static String pad(String device) {
    return String.format("%-7s", device);
  }
}
