package io.switchboard.core.conn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The common rules for JSON text frames, applied before a profile sees a message: the rate limit,
 * JSON syntax (INVALID_JSON), an object with a string {@code type} (INVALID_MESSAGE), the size
 * limit for non-audio messages (PAYLOAD_TOO_LARGE) and known types (UNKNOWN_TYPE, unless an
 * {@link Builder#otherwise} handler takes the rest). None of these closes the connection. Each type
 * maps to one handler method.
 */
public final class JsonDispatcher {
  /** Handles one message type. */
  @FunctionalInterface
  public interface Handler {
    void handle(Connection connection, ObjectNode message, String raw);
  }

  /**
   * Handles a message of one type from its {@link MessageScan}, without the tree; returns false to
   * have it handled as a tree instead by the type's {@link Handler}.
   */
  @FunctionalInterface
  public interface ScannedHandler {
    boolean handle(Connection connection, MessageScan message, String raw);
  }

  /**
   * The longest text the streaming read takes on: 1 MiB, and never more than the longest string
   * the parser accepts. Longer ones go to the tree, whose parser applies Jackson's read constraints
   * to every value, including strings the scan would skip unread.
   */
  static final int MAX_SCANNED_CHARS = Math.min(1 << 20,
      Json.MAPPER.getFactory().streamReadConstraints().getMaxStringLength());

  private final Map<String, Handler> handlers;
  private final Map<String, ScannedHandler> scanned;
  private final Set<String> scannedStrings;
  private final java.util.function.Predicate<String> scannedType;
  private final String[] scannedQuoted;
  private final Set<String> largeTypes;
  private final Handler otherwise;

  private JsonDispatcher(Map<String, Handler> handlers, Map<String, ScannedHandler> scanned,
      Set<String> scannedStrings, Set<String> largeTypes, Handler otherwise) {
    this.handlers = Map.copyOf(handlers);
    this.scanned = Map.copyOf(scanned);
    this.scannedStrings = Set.copyOf(scannedStrings);
    this.scannedType = this.scanned::containsKey;
    this.scannedQuoted = this.scanned.keySet().stream().map(t -> '"' + t + '"').toArray(String[]::new);
    this.largeTypes = Set.copyOf(largeTypes);
    this.otherwise = otherwise;
  }

  public static Builder builder() {
    return new Builder();
  }

  public void dispatch(Connection c, String text, Limits limits) {
    if (!c.admitMessage()) {
      return;
    }
    if (!scanned.isEmpty() && text.length() <= MAX_SCANNED_CHARS && mayBeScanned(text) && !limits.tooLarge(text)) {
      // The relay path's types, read without a tree; anything unusual is read as a tree below.
      MessageScan scan = MessageScan.of(text, scannedType, scannedStrings);
      if (scan != null && scanned.get(scan.type()).handle(c, scan, text)) {
        return;
      }
    }
    JsonNode node = Json.parseOrNull(text);
    if (node == null) {
      c.sendError(Failure.of(ErrorCode.INVALID_JSON, "Invalid JSON format"));
      return;
    }
    if (!(node instanceof ObjectNode msg) || !msg.path("type").isTextual()) {
      c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Field 'type' is required and must be a string",
          Map.of("field", "type")));
      return;
    }
    String type = msg.get("type").asText();
    if (!largeTypes.contains(type) && limits.tooLarge(text)) {
      c.sendError(Failure.of(ErrorCode.PAYLOAD_TOO_LARGE, "Message exceeds " + limits.maxMessageBytes() + " bytes",
          Map.of("max_bytes", limits.maxMessageBytes())));
      return;
    }
    Handler h = handlers.getOrDefault(type, otherwise);
    if (h == null) {
      c.sendError(Failure.of(ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + abbreviate(type)));
      return;
    }
    h.handle(c, msg, text);
  }

  /**
   * Whether the text names a scanned type at all (as a JSON string, unescaped): the others, pings
   * and joins, go straight to the tree. One written with escapes goes there too, and is handled the
   * same.
   */
  private boolean mayBeScanned(String text) {
    for (String quoted : scannedQuoted) {
      if (text.contains(quoted)) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  /** Collects the handlers. */
  public static final class Builder {
    private final Map<String, Handler> handlers = new HashMap<>();
    private final Map<String, ScannedHandler> scanned = new HashMap<>();
    private final java.util.HashSet<String> scannedStrings = new java.util.HashSet<>();
    private final java.util.HashSet<String> largeTypes = new java.util.HashSet<>();
    private Handler otherwise;

    public Builder on(String type, Handler handler) {
      handlers.put(type, handler);
      return this;
    }

    /**
     * Lets messages of a type already given a handler with {@link #on} be handled from a
     * {@link MessageScan} first (the relay path); the tree handler takes what it declines. The
     * scan keeps the strings of top-level objects' fields named in {@code nestedStrings}.
     */
    public Builder scanned(String type, ScannedHandler handler, String... nestedStrings) {
      if (!handlers.containsKey(type)) {
        throw new IllegalStateException("a scanned type needs its tree handler first: " + type);
      }
      scanned.put(type, handler);
      scannedStrings.addAll(java.util.Arrays.asList(nestedStrings));
      return this;
    }

    /** A type allowed up to the frame limit rather than the message limit (audio). */
    public Builder onLarge(String type, Handler handler) {
      largeTypes.add(type);
      return on(type, handler);
    }

    /**
     * Handles every type without a handler of its own, for protocols that pass unknown types on
     * instead of refusing them with UNKNOWN_TYPE.
     */
    public Builder otherwise(Handler handler) {
      this.otherwise = handler;
      return this;
    }

    public JsonDispatcher build() {
      return new JsonDispatcher(handlers, scanned, scannedStrings, largeTypes, otherwise);
    }
  }
}
