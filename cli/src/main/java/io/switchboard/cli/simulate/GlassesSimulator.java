package io.switchboard.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A pair of glasses on the glasses profile's socket: it connects with a user JWT, starts the given
 * apps, then each round sends a transcription, a button press, a head position, a location and
 * 100 ms of audio, and prints what the server sends back (display events above all).
 */
public final class GlassesSimulator {
  private static final String[] SENTENCES = {"Hello from the simulated glasses", "The weather looks fine today",
      "Where is the nearest station", "Remind me to call Sam", "That was a good talk"};
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

  /** What to simulate. {@code rounds} 0 means until the process is stopped. */
  public record Plan(String baseUrl, String token, List<String> startApps, int rounds, Duration interval,
      Duration linger) {}

  private final PrintWriter out;
  private final Vertx vertx;
  private final Plan plan;
  private final CountDownLatch acked = new CountDownLatch(1);
  private volatile String closed;

  public GlassesSimulator(PrintWriter out, Vertx vertx, Plan plan) {
    this.out = out;
    this.vertx = vertx;
    this.plan = plan;
  }

  /** Runs the plan; 0 when the glasses were acknowledged and stayed connected, 1 otherwise. */
  public int run() throws InterruptedException {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      return run(client.webSocket());
    } finally {
      client.close();
    }
  }

  /** The client must stay referenced while its socket is in use: Vert.x closes clients it finds unreachable. */
  private int run(ClientWebSocket ws) throws InterruptedException {
    ws.textMessageHandler(this::received);
    ws.closeHandler(v -> closed = ws.closeStatusCode() + " " + ws.closeReason());
    String url = webSocketUrl(plan.baseUrl()) + "/glasses-ws";
    try {
      ws.connect(new WebSocketConnectOptions().setAbsoluteURI(url).setAllowOriginHeader(false)
          .addHeader("Authorization", "Bearer " + plan.token())).toCompletionStage().toCompletableFuture()
          .get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      print("cannot connect to " + url + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
      return 1;
    }
    send(ws, Json.object().put("type", "connection_init"), "connection_init");
    if (!acked.await(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      print(closed != null ? "closed by the server: " + closed : "no connection_ack within " + CONNECT_WAIT);
      return 1;
    }
    for (String app : plan.startApps()) {
      send(ws, Json.object().put("type", "start_app").put("packageName", app), "start_app " + app);
    }
    for (int i = 1; (plan.rounds() == 0 || i <= plan.rounds()) && closed == null; i++) {
      round(ws, i);
      Thread.sleep(plan.interval().toMillis());
    }
    Thread.sleep(plan.linger().toMillis());
    if (closed != null) {
      print("closed by the server: " + closed);
      return 1;
    }
    ws.close((short) 1000, "simulation over");
    return 0;
  }

  private void round(ClientWebSocket ws, int i) {
    String sentence = SENTENCES[(i - 1) % SENTENCES.length];
    long t = i * 2000L;
    send(ws, Json.object().put("type", "transcription").put("text", sentence).put("isFinal", true)
        .put("transcribeLanguage", "en-US").put("startTime", t).put("endTime", t + 1500), "transcription: " + sentence);
    String press = i % 3 == 0 ? "long" : "short";
    send(ws, Json.object().put("type", "button_press").put("buttonId", "main").put("pressType", press),
        "button_press main " + press);
    String position = i % 2 == 0 ? "down" : "up";
    send(ws, Json.object().put("type", "head_position").put("position", position), "head_position " + position);
    double lat = 52.5200 + i * 0.0001;
    double lng = 13.4050 + i * 0.0001;
    send(ws, Json.object().put("type", "location_update").put("lat", lat).put("lng", lng).put("accuracy", 5),
        String.format("location_update %.4f, %.4f", lat, lng));
    ws.writeBinaryMessage(Buffer.buffer(tone(i)));
    print("> audio: 100 ms, 16 kHz 16-bit PCM");
  }

  /** 100 ms of a sine tone as 16 kHz, 16-bit little-endian mono PCM. */
  static byte[] tone(int round) {
    int samples = 1600;
    byte[] pcm = new byte[samples * 2];
    double hz = 220 + 20 * (round % 10);
    for (int s = 0; s < samples; s++) {
      short v = (short) (Math.sin(2 * Math.PI * hz * s / 16000) * 8000);
      pcm[2 * s] = (byte) v;
      pcm[2 * s + 1] = (byte) (v >> 8);
    }
    return pcm;
  }

  private void send(ClientWebSocket ws, ObjectNode message, String summary) {
    ws.writeTextMessage(Json.write(message));
    print("> " + summary);
  }

  private void received(String text) {
    JsonNode m = Json.parseOrNull(text);
    if (m == null) {
      print("< (not JSON) " + text);
      return;
    }
    if ("connection_ack".equals(m.path("type").asText())) {
      acked.countDown();
    }
    print("< " + Received.describe(m));
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** http(s)://host → ws(s)://host; ws(s) URLs stay; a trailing slash is dropped. */
  static String webSocketUrl(String base) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    if (b.startsWith("http://")) {
      return "ws://" + b.substring(7);
    }
    if (b.startsWith("https://")) {
      return "wss://" + b.substring(8);
    }
    return b;
  }
}
