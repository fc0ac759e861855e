package io.switchboard.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JMH benchmark measures a real relay: the channel numbers each message and the text carries it. */
class RelayPathBenchmarkTest {
  @Test
  void eachSwitchboardIterationRelaysTheFrameWithTheNextSeqAndBareReturnsItUnchanged() throws Exception {
    RelayPathBenchmark b = new RelayPathBenchmark();
    b.pairedChannel();
    String first = new String(b.switchboard(), StandardCharsets.UTF_8);
    String second = new String(b.switchboard(), StandardCharsets.UTF_8);
    assertThat(first).startsWith("{\"seq\":1,\"type\":\"channel_message\"").contains("\"i\":42");
    assertThat(second).startsWith("{\"seq\":2,");
    assertThat(new String(b.bare(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"channel_message\"");
  }
}
