package io.switchboard.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.SeqText;
import io.switchboard.core.channel.memory.MemoryChannelStore;
import io.switchboard.core.conn.MessageScan;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One relayed pairing message between socket read and socket write, in one thread: what the bare
 * Vert.x relay does with a frame (Jackson tree, type switch, UTF-8 for the socket) is the baseline,
 * and Switchboard's path adds validation, the channel store (seq, replay buffer) and the spliced
 * relayed text. Run with {@code -prof gc} for allocation per message; compare the two in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
public class RelayPathBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CHANNEL = "pair-123456";
  private static final String FRAME = "{\"type\":\"channel_message\",\"channelId\":\"" + CHANNEL + "\","
      + "\"payload\":{\"t\":1732280000000123,\"i\":42,\"text\":\"hello from the desktop\"}}";

  private static final java.util.Set<String> ACTION = java.util.Set.of("action");

  private MemoryChannelStore store;

  @Setup
  public void pairedChannel() {
    store = new MemoryChannelStore(Clock.systemUTC());
    Binding desk = new Binding("alice", "desk-1");
    Binding mob = new Binding("alice", "mob-1");
    store.create(new ChannelSpec(CHANNEL, List.of("desktop", "mobile"), Map.of("desktop", desk),
        Map.of("code", "123456", "owner", "alice"), Clock.systemUTC().instant().plus(Duration.ofDays(1)), Duration.ofMinutes(5), 100));
    store.bind(CHANNEL, "mobile", mob, "owner=alice");
    store.join(CHANNEL, "desktop", desk, "conn-d", -1);
    store.join(CHANNEL, "mobile", mob, "conn-m", -1);
  }

  /** The bare relay: parse to a tree, switch on the type, write the client's text as it came. */
  @Benchmark
  public byte[] bare() throws IOException {
    JsonNode msg = MAPPER.readTree(FRAME);
    if (!"channel_message".equals(msg.path("type").asText(""))) {
      throw new IllegalStateException();
    }
    return FRAME.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Switchboard's pairing relay: one streaming read of the fields the contract requires (no tree),
   * the seq assigned in the channel store (which keeps the message for replay), the spliced text
   * written.
   */
  @Benchmark
  public byte[] switchboard() {
    MessageScan msg = MessageScan.of(FRAME, "channel_message"::equals, ACTION);
    String channel = msg.string("channelId");
    if (channel == null || channel.isEmpty() || channel.length() > 64 || !msg.isObject("payload") || msg.has("seq")
        || "STATE_UPDATE".equals(msg.string("payload", "action"))) {
      throw new IllegalStateException();
    }
    String text = store.relay(channel, "conn-d", null, SeqText.of(FRAME)).result().text();
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** As {@link #switchboard} on the way messages the streaming read declines go: the tree and field checks. */
  @Benchmark
  public byte[] switchboardTree() {
    ObjectNode msg = (ObjectNode) Json.parseOrNull(FRAME);
    if (!"channel_message".equals(msg.path("type").asText(""))) {
      throw new IllegalStateException();
    }
    Fields f = new Fields(msg);
    String channel = f.string("channelId", 64);
    f.object("payload");
    if (!f.ok()) {
      throw new IllegalStateException(f.failure().message());
    }
    String text = store.relay(channel, "conn-d", null, SeqText.of(msg, FRAME)).result().text();
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
