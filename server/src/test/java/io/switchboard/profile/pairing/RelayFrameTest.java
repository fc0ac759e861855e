package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.channel.SeqText;
import io.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;

/** The relayed frame is the client's text with the seq spliced in, and always valid JSON. */
class RelayFrameTest {
  private static JsonNode relayed(String raw, long seq) {
    String out = SeqText.of((ObjectNode) Json.parseOrNull(raw), raw).render(seq);
    JsonNode n = Json.parseOrNull(out);
    assertThat(n).as(out).isNotNull();
    return n;
  }

  @Test
  void seqIsAddedWithoutChangingTheRest() {
    String raw = "  {\"type\":\"channel_message\",\"channelId\":\"pair-1\",\"payload\":{\"a\":[1,2]}}";
    JsonNode n = relayed(raw, 7);
    assertThat(n.get("seq").asLong()).isEqualTo(7);
    assertThat(n.get("payload").get("a").get(1).asInt()).isEqualTo(2);
    assertThat(SeqText.of((ObjectNode) Json.parseOrNull(raw), raw).render(7))
        .endsWith("\"channelId\":\"pair-1\",\"payload\":{\"a\":[1,2]}}");
  }

  @Test
  void aSeqSentByTheClientIsReplacedNotDuplicated() {
    String raw = "{\"type\":\"channel_message\",\"seq\":999,\"channelId\":\"pair-1\",\"payload\":{}}";
    String out = SeqText.of((ObjectNode) Json.parseOrNull(raw), raw).render(3);
    assertThat(out.indexOf("\"seq\"")).isEqualTo(out.lastIndexOf("\"seq\""));
    assertThat(Json.parseOrNull(out).get("seq").asLong()).isEqualTo(3);
  }
}
