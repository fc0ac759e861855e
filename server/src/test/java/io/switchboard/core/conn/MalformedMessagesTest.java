package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Docs;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.JsonFuzz;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed variants of each profile's valid messages (seeded, so a failure replays),
 * sent over a real socket to a connection that is paired or registered: each gets nothing or an
 * error with a documented code and a message, the connection stays open and keeps answering, and
 * other users' connections relay and answer commands as before. The message rate is raised so that
 * every variant reaches the handlers instead of the rate limit.
 */
class MalformedMessagesTest {
  private static final long SEED = 20261123L;
  private static final int VARIANTS = 1500;
  private static final Map<String, String> UNLIMITED = Map.of(Keys.RATE, "1000000", Keys.BURST, "1000000");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "websocket engine {0}")
  @ValueSource(strings = {"netty", "vertx"})
  void malformedPairingMessagesGetDocumentedErrorsAndHarmNoOne(String engine) {
    Map<String, String> settings = new java.util.HashMap<>(UNLIMITED);
    settings.put(Keys.WEBSOCKET_ENGINE, engine);
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), settings)) {
      PairingDriver driver = new PairingDriver(server);
      PairingDriver.Pair victim = driver.pair("fuzz", "v");
      PairingDriver.Pair neighbour = driver.pair("neighbour", "n");
      String ch = victim.channel();
      ObjectNode join = (ObjectNode) PairingDriver.join(ch, "desktop", victim.desktopSession());
      join.put("last_seq", 0);
      ObjectNode audio = Json.object().put("type", "audio_chunk").put("chunk_id", "c-1").put("data", "AAECAwQ=")
          .put("format", "webm").put("sample_rate", 16000);
      List<ObjectNode> valid = List.of((ObjectNode) PairingDriver.identify("desktop", victim.desktopSession()), join,
          PairingDriver.channelMessage(ch, Json.object().put("text", "hi").put("n", 1)),
          PairingDriver.settingsSync(ch, Json.object().put("audioGain", 50)), audio,
          Json.object().put("type", "ping").put("sequence", -7)); // never one of assertAlive's sequences
      List<String> types = List.of("identify", "join_channel", "channel_message", "settings_sync", "audio_chunk",
          "ping", "pong", "error", "connected");

      String docs = Docs.page("pairing.md");
      sendVariants(victim.desktop(), valid, types, (p, i) -> PairingDriver.assertAlive(p),
          (frames, i) -> assertDocumentedErrors(frames, i, docs));

      PairingDriver.relayMarker(victim.desktop(), victim.mobile(), ch);
      PairingDriver.relayMarker(victim.mobile(), victim.desktop(), ch);
      PairingDriver.relayMarker(neighbour.desktop(), neighbour.mobile(), neighbour.channel());
      PairingDriver.relayMarker(neighbour.mobile(), neighbour.desktop(), neighbour.channel());
      assertThat(neighbour.desktop().seen()).noneMatch(m -> "error".equals(m.path("type").asText()));
      assertThat(neighbour.mobile().seen()).noneMatch(m -> "error".equals(m.path("type").asText()));
      assertThat(victim.mobile().isClosed()).isFalse();
      victim.close();
      neighbour.close();
    }
  }

  @Test
  void malformedDeviceMessagesGetDocumentedErrorsAndHarmNoOne() {
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), UNLIMITED)) {
      DeviceDriver driver = new DeviceDriver(server);
      String fuzzJwt = server.userToken("fuzz");
      String neighbourJwt = server.userToken("neighbour");
      WsProbe p = driver.device(fuzzJwt, "dev-fuzz", List.of("location"));
      WsProbe neighbour = driver.device(neighbourJwt, "dev-neighbour", List.of("location"));
      ObjectNode result = Json.object().put("type", "result").put("command_id", "cmd-1").put("success", true);
      result.set("data", Json.object().put("latitude", 1.5));
      List<ObjectNode> valid = List.of(DeviceDriver.register("dev-fuzz", List.of("location", "execute")), result,
          Json.object().put("type", "heartbeat"), Json.object().put("type", "heartbeat_ack"),
          Json.object().put("type", "error").put("code", "X").put("message", "device says no"));
      List<String> types = List.of("register", "result", "heartbeat", "heartbeat_ack", "error", "command");

      String docs = Docs.page("devices.md");
      sendVariants(p, valid, types, MalformedMessagesTest::awaitMarker,
          (frames, i) -> assertDocumentedErrors(frames, i, docs));

      // The other user's device still gets its command and its answer reaches the caller.
      CompletableFuture<Http.Reply> reply = driver.call("/api/devices/location", neighbourJwt,
          Json.object().put("device_node_id", "dev-neighbour"));
      JsonNode command = neighbour.await("command");
      neighbour.send(DeviceDriver.result(command, true, Json.object().put("latitude", 2.5)));
      Http.Reply r = reply.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(neighbour.seen()).noneMatch(m -> "error".equals(m.path("type").asText()));
      p.close();
      neighbour.close();
    }
  }

  @Test
  void malformedNexusMessagesGetDocumentedErrorsAndHarmNoOne() {
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), UNLIMITED)) {
      NexusDriver driver = new NexusDriver(server);
      WsProbe p = driver.connectWithKey(driver.apiKey("fuzz"));
      WsProbe neighbour = driver.connectWithKey(driver.apiKey("neighbour"));
      ObjectNode ask = Json.object().put("query", "How much headroom should I leave?").put("team_id", "default");
      List<ObjectNode> valid = List.of(NexusDriver.message("ask", "q-1", ask),
          NexusDriver.message("ping", "p-1", Json.object()),
          NexusDriver.message("auth", "a-1", Json.object().put("apiKey", "sbk_not_a_key")));
      List<String> types = List.of("ask", "ping", "auth", "auth_challenge", "response", "error");

      String docs = Docs.page("nexus.md");
      sendVariants(p, valid, types, (ws, i) -> {
        String id = "sync-" + i;
        ws.send(NexusDriver.message("ping", id, Json.object()));
        ws.await(m -> "pong".equals(m.path("type").asText()) && id.equals(m.path("id").asText()), "pong " + id);
      }, (frames, i) -> {
        for (JsonNode m : frames) {
          if ("error".equals(m.path("type").asText())) {
            assertDocumentedCode(m, m.path("payload").path("code").asText(), m.path("payload").path("error").asText(),
                i, docs);
          }
        }
      });

      neighbour.send(NexusDriver.message("ask", "n-1", ask));
      JsonNode answer = neighbour.await(m -> "response".equals(m.path("type").asText())
          && "n-1".equals(m.path("id").asText()), "response n-1");
      assertThat(answer.path("payload").path("answer").asText()).isNotBlank();
      assertThat(neighbour.seen()).noneMatch(m -> "error".equals(m.path("type").asText()));
      p.close();
      neighbour.close();
    }
  }

  @Test
  void malformedAssistantMessagesGetDocumentedErrorsAndHarmNoOne() {
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), UNLIMITED)) {
      String url = "ws://127.0.0.1:" + server.httpPort() + "/ws";
      WsProbe p = WsProbe.connect(url);
      p.await("connection");
      WsProbe neighbour = WsProbe.connect(url);
      neighbour.await("connection");
      ObjectNode chat = Json.object().put("type", "chat").put("message", "How should I mix vocals?")
          .put("perspective", "mix_engineering").put("request_id", "r-1");
      ObjectNode analyze = Json.object().put("type", "analyze").put("analysis_type", "spectrum");
      analyze.set("track_data", Json.object().put("track_id", "track_001").put("track_name", "Lead Vocal")
          .put("track_type", "vocal"));
      analyze.set("audio_data", Json.object().put("peak_level", -6.0).put("rms_level", -18.0).put("duration", 120.5)
          .put("sample_rate", 44100));
      List<ObjectNode> valid = List.of(chat, analyze, Json.object().put("type", "status"),
          Json.object().put("type", "ping"));
      List<String> types = List.of("chat", "analyze", "status", "ping", "connection", "chat_response");

      String docs = Docs.page("assistant.md");
      // What a variant caused at once comes before the marker's error; an answer may follow later,
      // and is then checked with a later variant's frames.
      sendVariants(p, valid, types, MalformedMessagesTest::awaitMarker,
          (frames, i) -> assertDocumentedErrors(frames, i, docs));

      neighbour.send(chat);
      JsonNode reply = neighbour.await("chat_response");
      assertThat(reply.path("status").asText()).isEqualTo("success");
      assertThat(neighbour.seen()).noneMatch(m -> "error".equals(m.path("type").asText()));
      p.close();
      neighbour.close();
    }
  }

  @Test
  void malformedGlassesAndAppMessagesGetDocumentedErrorsAndHarmNoOne() throws Exception {
    String pkg = "com.example.fuzz";
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), UNLIMITED);
        FakeAppServer appServer = new FakeAppServer()) {
      GlassesDriver driver = new GlassesDriver(server);
      String key = driver.createApp(pkg, appServer.url());
      WsProbe glasses = driver.glasses(server.userToken("fuzz"));
      WsProbe app = driver.startAndConnect(glasses, appServer, pkg, key);
      WsProbe neighbourGlasses = driver.glasses(server.userToken("neighbour"));
      WsProbe neighbourApp = driver.startAndConnect(neighbourGlasses, appServer, pkg, key);
      String docs = Docs.page("glasses.md");

      // The app's socket, initialised; "stop" types are left out so that the app keeps running.
      ObjectNode subscribe = Json.object().put("type", "subscription_update").put("packageName", pkg);
      subscribe.set("subscriptions", Json.MAPPER.valueToTree(List.of("button_press", "transcription:en-US")));
      List<ObjectNode> appValid = List.of(GlassesDriver.init(GlassesDriver.appSessionId(glasses, pkg), pkg, key),
          subscribe, GlassesDriver.textWall(pkg, "hello"),
          Json.object().put("type", "ownership_release").put("packageName", pkg));
      List<String> appTypes = List.of("tpa_connection_init", "subscription_update", "display_event",
          "ownership_release", "tpa_connection_ack");
      sendVariants(app, appValid, appTypes, MalformedMessagesTest::awaitMarker,
          (frames, i) -> assertGlassesErrors(frames, i, docs));

      // The glasses' socket: any other type is an event for the apps, so starting and stopping is left
      // out, and so is request_settings, whose answer marks that a variant was handled.
      ObjectNode button = Json.object().put("type", "button_press").put("buttonId", "forward").put("pressType", "short");
      List<ObjectNode> glassesValid = List.of(Json.object().put("type", "connection_init"), button,
          Json.object().put("type", "transcription").put("text", "hello").put("isFinal", true));
      List<String> glassesTypes = List.of("connection_init", "button_press", "transcription",
          "head_position", "glasses_battery_update");
      sendVariants(glasses, glassesValid, glassesTypes, (ws, i) -> {
        ws.send(Json.object().put("type", "request_settings"));
        ws.await("settings_update");
      }, (frames, i) -> assertGlassesErrors(frames, i, docs));

      // The other user's app still reaches its glasses.
      neighbourApp.send(GlassesDriver.textWall(pkg, "neighbour text"));
      GlassesDriver.awaitText(neighbourGlasses, "neighbour text");
      assertThat(neighbourApp.seen()).noneMatch(m -> m.path("type").asText().endsWith("error"));
      assertThat(neighbourGlasses.seen()).noneMatch(m -> m.path("type").asText().endsWith("error"));
      glasses.close();
      neighbourGlasses.close();
    }
  }

  /**
   * Sends {@link #VARIANTS} malformed variants of {@code valid} on {@code p} (now and then random
   * bytes as a binary frame), from the fixed seed. After each, {@code sync} waits for an answer that
   * shows the variant was handled; the socket must still be open, and {@code check} gets the frames
   * that arrived since the variant was sent.
   */
  private static void sendVariants(WsProbe p, List<ObjectNode> valid, List<String> types,
      BiConsumer<WsProbe, Integer> sync, BiConsumer<List<JsonNode>, Integer> check) {
    JsonFuzz fuzz = new JsonFuzz(SEED);
    for (int i = 0; i < VARIANTS; i++) {
      int mark = p.mark();
      if (fuzz.chance(3)) {
        p.sendBinary(fuzz.bytes());
      } else {
        p.send(fuzz.text(fuzz.pick(valid), types));
      }
      sync.accept(p, i);
      assertThat(p.isClosed()).as("variant %d closed the socket: %s", i, p.closeReason()).isFalse();
      check.accept(p.seenSince(mark), i);
    }
  }

  /**
   * Sends an unknown type named after the variant and waits for the error naming it: messages are
   * handled in order, so whatever the variant caused at once has arrived by then, and no variant can
   * produce this answer.
   */
  private static void awaitMarker(WsProbe p, int variant) {
    String marker = "sync-" + variant;
    p.send(Json.object().put("type", marker));
    p.await(m -> "error".equals(m.path("type").asText()) && m.path("message").asText().contains(marker),
        "error naming " + marker);
  }

  private static void assertGlassesErrors(List<JsonNode> frames, int variant, String docs) {
    for (JsonNode m : frames) {
      String type = m.path("type").asText();
      if (type.equals("error") || type.endsWith("_error")) {
        assertDocumentedCode(m, m.path("code").asText(), m.path("message").asText(), variant, docs);
      }
    }
  }

  private static void assertDocumentedCode(JsonNode frame, String code, String message, int variant, String page) {
    assertThat(Docs.documents(page, code)).as("variant %d: %s documented", variant, frame).isTrue();
    assertThat(code).as("variant %d: %s", variant, frame).isNotEqualTo(ErrorCode.INTERNAL);
    assertThat(message).as("variant %d: %s", variant, frame).isNotBlank();
  }

  /**
   * Every error frame (and every reply with {@code status:"error"}) names a code the profile's page
   * documents and says what is wrong; none is INTERNAL.
   */
  private static void assertDocumentedErrors(List<JsonNode> frames, int variant, String page) {
    for (JsonNode m : frames) {
      if ("error".equals(m.path("type").asText()) || "error".equals(m.path("status").asText())) {
        String code = m.path("code").asText();
        assertThat(Docs.documents(page, code)).as("variant %d: %s documented", variant, m).isTrue();
        assertThat(code).as("variant %d: %s", variant, m).isNotEqualTo(ErrorCode.INTERNAL);
        assertThat(m.path("message").asText()).as("variant %d: %s", variant, m).isNotBlank();
      }
    }
  }

}
