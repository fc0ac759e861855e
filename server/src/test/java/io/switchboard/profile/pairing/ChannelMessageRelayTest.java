package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.PairingDriver.Pair;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a channel_message is relayed: the client's text as sent with the channel's seq first, the
 * client's own seq replaced, a repeated type read as JSON parsers read it (last wins), invalid
 * messages answered with the documented errors, STATE_UPDATE kept in the channel state.
 */
class ChannelMessageRelayTest {
  @TempDir
  static Path dataDir;
  static TestServer server;
  static PairingDriver driver;
  static Pair pair;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    driver = new PairingDriver(server);
    pair = driver.pair("paths", "paths");
  }

  @AfterAll
  static void stop() {
    pair.close();
    server.close();
  }

  @Test
  void theCommonMessageIsRelayedAsSentWithTheChannelsSeqFirst() {
    String raw = " {\n \"type\" : \"channel_message\", \"channelId\":\"" + pair.channel()
        + "\", \"payload\": {\"text\":\"h\\u00e9 \\\"q\\\" ✓\", \"n\":[1,{\"action\":\"x\"}], \"action\":\"NOTE\"}, \"extra\":null}";
    pair.desktop().send(raw);
    JsonNode got = pair.mobile().await("channel_message");
    ObjectNode expected = ((ObjectNode) Json.parseOrNull(raw)).put("seq", got.get("seq").asInt());
    assertThat(got).isEqualTo(expected);
    assertThat(got.fieldNames().next()).isEqualTo("seq");
  }

  @Test
  void aMessageWithItsOwnSeqGetsTheChannelsInstead() {
    long before = PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel()).get("seq").asLong();
    pair.desktop().send("{\"type\":\"channel_message\",\"seq\":999,\"channelId\":\"" + pair.channel()
        + "\",\"payload\":{\"k\":1}}");
    JsonNode got = pair.mobile().await(m -> m.path("payload").path("k").asInt() == 1, "own seq");
    assertThat(got.get("seq").asLong()).isEqualTo(before + 1);
  }

  @Test
  void invalidMessagesGetTheDocumentedErrors() {
    String ch = pair.channel();
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"" + ch + "\",\"payload\":[1]}");
    assertThat(pair.desktop().awaitError("INVALID_MESSAGE").path("details").path("field").asText()).isEqualTo("payload");
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":7,\"payload\":{}}");
    assertThat(pair.desktop().awaitError("INVALID_MESSAGE").path("details").path("field").asText()).isEqualTo("channelId");
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"pair-000000\",\"payload\":{}}");
    pair.desktop().awaitError("INVALID_CHANNEL");
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"" + ch + "\",\"payload\":{}} trailing");
    pair.desktop().awaitError("INVALID_JSON");
    PairingDriver.assertAlive(pair.desktop());
  }

  @Test
  void aRepeatedTypeCountsByItsLastValue() {
    pair.desktop().send("{\"type\":\"channel_message\",\"type\":\"ping\",\"sequence\":41,\"channelId\":\""
        + pair.channel() + "\",\"payload\":{}}");
    assertThat(pair.desktop().await("pong").get("sequence").asInt()).isEqualTo(41);
  }

  @Test
  void aRepeatedChannelIdCountsByItsLastValue() {
    pair.desktop().send("{\"type\":\"channel_message\",\"channelId\":\"pair-000000\",\"channelId\":\""
        + pair.channel() + "\",\"payload\":{\"twice\":1}}");
    JsonNode got = pair.mobile().await(m -> m.path("payload").path("twice").asInt() == 1, "relayed");
    assertThat(got.get("channelId").asText()).isEqualTo(pair.channel());
  }

  @Test
  void aTypeWrittenWithEscapesIsTheSameType() {
    pair.desktop().send("{\"type\":\"channel\\u005fmessage\",\"channelId\":\"" + pair.channel()
        + "\",\"payload\":{\"escaped\":1}}");
    JsonNode got = pair.mobile().await(m -> m.path("payload").path("escaped").asInt() == 1, "relayed");
    assertThat(got.get("type").asText()).isEqualTo("channel_message");
  }

  @Test
  void aPayloadOfManyFieldsIsRelayedWhole() {
    ObjectNode payload = Json.object();
    for (int i = 0; i < 60; i++) {
      payload.put("f" + i, i);
    }
    pair.desktop().send(PairingDriver.channelMessage(pair.channel(), payload));
    JsonNode got = pair.mobile().await(m -> m.path("payload").has("f59"), "many fields");
    assertThat(got.get("payload")).isEqualTo(payload);
  }

  @Test
  void aStateUpdateIsKeptInTheChannelState() {
    pair.desktop().send(PairingDriver.channelMessage(pair.channel(), Json.object().put("action", "STATE_UPDATE")
        .put("stateType", "paths").set("data", Json.object().put("v", 3))));
    pair.mobile().await(m -> "paths".equals(m.path("payload").path("stateType").asText()), "state update");
    JsonNode view = Json.MAPPER.valueToTree(server.server().hub().channels().get(pair.channel())
        .toCompletionStage().toCompletableFuture().join().state().get("state:paths").value());
    assertThat(view.get("v").asInt()).isEqualTo(3);
  }
}
