package io.switchboard.profile.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.Json;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common rate limit on the nexus socket answers the request it refuses, by its id. */
class NexusLimitsTest {
  @TempDir
  Path dataDir;

  @Test
  void aRateLimitedRequestGetsItsRefusalUnderItsOwnId() {
    try (TestServer server = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.RATE, "1", Keys.BURST, "2"))) {
      NexusDriver nexus = new NexusDriver(server);
      try (WsProbe ws = WsProbe.connectWithHeader(nexus.url(), "x-api-key", nexus.apiKey("svc-limits"))) {
        ws.await("auth");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
          ids.add("p" + i);
          ws.send(NexusDriver.message("ping", "p" + i, Json.object()));
        }
        // every request is answered, a pong or a refusal, each under the id it was sent with
        ws.await(m -> answers(ws).size() == ids.size(), "an answer to each of the 8 pings");
        List<JsonNode> answers = answers(ws);
        assertThat(answers.stream().map(m -> m.path("id").asText()).collect(Collectors.toSet()))
            .isEqualTo(Set.copyOf(ids));
        List<JsonNode> refused = answers.stream().filter(m -> "error".equals(m.path("type").asText())).toList();
        assertThat(refused).isNotEmpty();
        for (JsonNode r : refused) {
          assertThat(r.path("payload").path("code").asText()).isEqualTo("RATE_LIMITED");
          assertThat(r.path("payload").path("details").path("retry_after_ms").asLong()).isPositive();
        }
      }
    }
  }

  private static List<JsonNode> answers(WsProbe ws) {
    return ws.seen().stream().filter(m -> m.path("type").asText().equals("pong")
        || m.path("type").asText().equals("error")).toList();
  }
}
