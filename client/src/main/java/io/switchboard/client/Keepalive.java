package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.LongFunction;

/**
 * Keepalive: while connected, a ping every {@code interval}; when its pong does not arrive within
 * {@code timeout} the connection counts as lost and the socket reconnects. Seed 001's advice is the
 * default: every 30 s, pong within 5 s.
 *
 * @param mode {@link Mode#OFF}, WebSocket ping {@link Mode#FRAMES} (any server answers them), or
 *     profile {@link Mode#JSON} messages
 * @param ping for JSON: builds the ping for a sequence number
 * @param isPong for JSON: whether a message is the pong for a sequence number
 */
public record Keepalive(Mode mode, Duration interval, Duration timeout, LongFunction<ObjectNode> ping,
    BiPredicate<JsonNode, Long> isPong) {

  /** How pings are sent. */
  public enum Mode { OFF, FRAMES, JSON }

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public Keepalive {
    Objects.requireNonNull(mode, "mode");
    if (mode != Mode.OFF && (interval == null || timeout == null || interval.isZero() || timeout.isZero()
        || interval.isNegative() || timeout.isNegative())) {
      throw new IllegalArgumentException("keepalive interval and timeout must be positive");
    }
    if (mode == Mode.JSON) {
      Objects.requireNonNull(ping, "ping");
      Objects.requireNonNull(isPong, "isPong");
    }
  }

  public static Keepalive off() {
    return new Keepalive(Mode.OFF, null, null, null, null);
  }

  /** WebSocket ping frames; the peer's WebSocket stack answers them. */
  public static Keepalive frames(Duration interval, Duration timeout) {
    return new Keepalive(Mode.FRAMES, interval, timeout, null, null);
  }

  /**
   * JSON {@code {"type":"ping","sequence":n}} answered by {@code {"type":"pong","sequence":n}}, as
   * the pairing profile does.
   */
  public static Keepalive json(Duration interval, Duration timeout) {
    return json(interval, timeout, seq -> Json.object().put("type", "ping").put("sequence", seq),
        (msg, seq) -> "pong".equals(msg.path("type").asText()) && msg.path("sequence").asLong(-1) == seq);
  }

  /** JSON pings of the profile's own shape. */
  public static Keepalive json(Duration interval, Duration timeout, LongFunction<ObjectNode> ping,
      BiPredicate<JsonNode, Long> isPong) {
    return new Keepalive(Mode.JSON, interval, timeout, ping, isPong);
  }
}
