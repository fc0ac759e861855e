package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Apps get exactly the streams they subscribed to, named by the subscription they matched. */
@Timeout(60)
class GlassesSubscriptionsTest {
  static final String CAPTIONS = "com.example.captions";
  static final String FRENCH = "com.example.french";
  @TempDir
  static Path dataDir;
  static TestServer server;
  static GlassesDriver driver;
  static FakeAppServer appServer;
  static String captionsKey;
  static String frenchKey;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dataDir);
    driver = new GlassesDriver(server);
    appServer = new FakeAppServer();
    captionsKey = driver.createApp(CAPTIONS, appServer.url());
    frenchKey = driver.createApp(FRENCH, appServer.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    appServer.close();
  }

  @Test
  void anAppGetsOnlyWhatItSubscribedToAndAnUpdateReplaces() {
    try (WsProbe g = driver.glasses(server.userToken("una"));
        WsProbe app = driver.startAndConnect(g, appServer, CAPTIONS, captionsKey)) {
      driver.subscribe(app, "una", CAPTIONS, "button_press", Map.of("stream", "location_stream", "rate", "standard"));
      g.send(event("head_position").put("position", "up"));
      g.send(event("button_press").put("buttonId", "main").put("pressType", "short"));
      g.send(event("location_update").put("lat", 52.5).put("lng", 13.4));
      JsonNode press = app.next();
      assertThat(press.get("type").asText()).isEqualTo("data_stream");
      assertThat(press.get("streamType").asText()).isEqualTo("button_press");
      assertThat(press.get("sessionId").asText()).isEqualTo("una-" + CAPTIONS);
      assertThat(press.get("data").get("buttonId").asText()).isEqualTo("main");
      assertThat(press.get("timestamp").asText()).endsWith("Z");
      JsonNode location = app.next();
      assertThat(location.get("streamType").asText()).isEqualTo("location_stream");
      assertThat(location.get("data").get("lat").asDouble()).isEqualTo(52.5);

      driver.subscribe(app, "una", CAPTIONS, "head_position");
      g.send(event("button_press").put("buttonId", "main").put("pressType", "long"));
      g.send(event("head_position").put("position", "down"));
      assertThat(app.next().get("streamType").asText()).isEqualTo("head_position");
    }
  }

  @Test
  void transcriptionsRouteByLanguageAndWithoutOneCountAsEnUs() {
    try (WsProbe g = driver.glasses(server.userToken("vic"));
        WsProbe en = driver.startAndConnect(g, appServer, CAPTIONS, captionsKey);
        WsProbe fr = driver.startAndConnect(g, appServer, FRENCH, frenchKey)) {
      driver.subscribe(en, "vic", CAPTIONS, "transcription:en-US");
      driver.subscribe(fr, "vic", FRENCH, "transcription:fr-FR?no-language-identification=true");
      g.send(event("transcription").put("text", "hello").put("isFinal", true));
      g.send(event("transcription").put("text", "bonjour").put("isFinal", true).put("transcribeLanguage", "fr-FR"));
      g.send(event("transcription").put("text", "bye").put("isFinal", true).put("transcribeLanguage", "en-US"));
      JsonNode hello = en.await("data_stream");
      assertThat(hello.get("streamType").asText()).isEqualTo("transcription:en-US");
      assertThat(hello.get("data").get("text").asText()).isEqualTo("hello");
      assertThat(hello.get("data").get("transcribeLanguage").asText()).isEqualTo("en-US");
      assertThat(en.await("data_stream").get("data").get("text").asText()).isEqualTo("bye");
      JsonNode bonjour = fr.await("data_stream");
      assertThat(bonjour.get("streamType").asText()).isEqualTo("transcription:fr-FR?no-language-identification=true");
      assertThat(bonjour.get("data").get("text").asText()).isEqualTo("bonjour");
      g.send(event("transcription").put("text", "encore").put("transcribeLanguage", "fr-FR"));
      assertThat(fr.await("data_stream").get("data").get("text").asText()).isEqualTo("encore");
    }
  }

  @Test
  void wildcardGetsEverythingIncludingUnknownStreamsAndAudio() {
    try (WsProbe g = driver.glasses(server.userToken("wes"));
        WsProbe app = driver.startAndConnect(g, appServer, CAPTIONS, captionsKey)) {
      driver.subscribe(app, "wes", CAPTIONS, "*");
      g.send(event("head_position").put("position", "up"));
      g.send(event("transcription").put("text", "anything"));
      g.send(event("custom_sensor").put("value", 7));
      g.sendBinary(new byte[] {1, 2, 3, 4});
      assertThat(app.await("data_stream").get("streamType").asText()).isEqualTo("head_position");
      assertThat(app.await("data_stream").get("streamType").asText()).isEqualTo("transcription:en-US");
      JsonNode custom = app.await("data_stream");
      assertThat(custom.get("streamType").asText()).isEqualTo("custom_sensor");
      assertThat(custom.get("data").get("value").asInt()).isEqualTo(7);
      assertThat(bytes(app.awaitBinary())).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void binaryAudioReachesAudioSubscribersOnlyAndTheGlassesAreToldToOpenTheMicrophone() {
    try (WsProbe g = driver.glasses(server.userToken("xia"));
        WsProbe audio = driver.startAndConnect(g, appServer, CAPTIONS, captionsKey);
        WsProbe text = driver.startAndConnect(g, appServer, FRENCH, frenchKey)) {
      driver.subscribe(text, "xia", FRENCH, "button_press");
      driver.subscribe(audio, "xia", CAPTIONS, "audio_chunk");
      JsonNode mic = g.await("microphone_state_change");
      assertThat(mic.get("isMicrophoneEnabled").asBoolean()).isTrue();
      assertThat(mic.get("requiredData")).extracting(JsonNode::asText).containsExactly("pcm");
      byte[] pcm = new byte[3200];
      pcm[0] = 42;
      g.sendBinary(pcm);
      g.sendBinary(new byte[] {9});
      assertThat(bytes(audio.awaitBinary())).hasSize(3200).startsWith((byte) 42);
      assertThat(bytes(audio.awaitBinary())).containsExactly(9);
      g.send(event("button_press").put("buttonId", "main").put("pressType", "short"));
      text.await("data_stream");
      assertThat(text.binaryCount()).isZero();
      assertThat(audio.seen()).noneMatch(m -> "data_stream".equals(m.path("type").asText()));
    }
  }

  @Test
  void badSubscriptionsAreRefusedWithoutClosing() {
    try (WsProbe g = driver.glasses(server.userToken("yan"));
        WsProbe app = driver.startAndConnect(g, appServer, CAPTIONS, captionsKey)) {
      ObjectNode bad = Json.object().put("type", "subscription_update").put("packageName", CAPTIONS);
      bad.set("subscriptions", Json.MAPPER.createArrayNode().add(5));
      app.send(bad);
      assertThat(app.nextError("INVALID_MESSAGE").get("details").get("field").asText()).isEqualTo("subscriptions");
      assertThat(app.isClosed()).isFalse();
    }
  }

  private static ObjectNode event(String type) {
    return Json.object().put("type", type);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
