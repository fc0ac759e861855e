package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket test client on the JDK's own implementation (independent of the server's stack): it
 * records every text message, binary message and the close frame, and waits for them with bounds.
 */
public final class WsProbe implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final LinkedBlockingDeque<JsonNode> inbox = new LinkedBlockingDeque<>();
  private final List<JsonNode> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  private final LinkedBlockingDeque<ByteBuffer> binary = new LinkedBlockingDeque<>();
  /** Text messages and binary messages as they arrived, in one order. */
  private final List<Object> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<int[]> closed = new CompletableFuture<>();
  private volatile String closeReason;
  private final WebSocket socket;

  private WsProbe(WebSocket.Builder builder, URI uri) {
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  public static WsProbe connect(String url) {
    return new WsProbe(CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)), URI.create(url));
  }

  public static WsProbe connectWithSubprotocol(String url, String subprotocol) {
    return new WsProbe(CLIENT.newWebSocketBuilder().subprotocols(subprotocol), URI.create(url));
  }

  public static WsProbe connectWithHeader(String url, String name, String value) {
    return new WsProbe(CLIENT.newWebSocketBuilder().header(name, value), URI.create(url));
  }

  public static WsProbe connectWithHeaders(String url, java.util.Map<String, String> headers) {
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    return new WsProbe(builder, URI.create(url));
  }

  /**
   * Attempts an upgrade the server is expected to refuse and returns the HTTP status it answered
   * with; fails when the upgrade is accepted.
   */
  public static int refusedUpgradeStatus(String url) {
    WebSocket ws;
    try {
      ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(url), new WebSocket.Listener() { }).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw new AssertionError("upgrade failed without an HTTP answer", e);
    }
    ws.abort();
    throw new AssertionError("upgrade was accepted");
  }

  public WebSocket socket() {
    return socket;
  }

  public WsProbe send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  public WsProbe send(JsonNode message) {
    return send(Json.write(message));
  }

  /**
   * Sends without waiting for the write to finish, for messages the server may answer by closing
   * the connection while they are still being written.
   */
  public CompletableFuture<WebSocket> sendAsync(String text) {
    return socket.sendText(text, true);
  }

  public WsProbe sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
    return this;
  }

  /** The next message, whatever it is. */
  public JsonNode next() {
    try {
      JsonNode n = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (n == null) {
        throw new AssertionError("no message within " + WAIT + "; seen so far: " + seen);
      }
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next message of a type; messages of other types before it are skipped (but kept in {@link #seen()}). */
  public JsonNode await(String type) {
    return await(m -> type.equals(m.path("type").asText()), "type " + type);
  }

  public JsonNode await(Predicate<JsonNode> match, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode n;
      try {
        n = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (n == null) {
        throw new AssertionError("no message with " + what + " within " + WAIT + "; seen: " + seen);
      }
      if (match.test(n)) {
        return n;
      }
    }
  }

  /** The next error frame with the given code. */
  public JsonNode awaitError(String code) {
    return await(m -> "error".equals(m.path("type").asText()) && code.equals(m.path("code").asText()),
        "error " + code);
  }

  /** The very next message, which must be an error frame with the given code and a message. */
  public JsonNode nextError(String code) {
    JsonNode m = next();
    if (!"error".equals(m.path("type").asText()) || !code.equals(m.path("code").asText())
        || m.path("message").asText().isBlank()) {
      throw new AssertionError("expected error " + code + " next, got " + m);
    }
    return m;
  }

  public ByteBuffer awaitBinary() {
    try {
      ByteBuffer b = binary.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (b == null) {
        throw new AssertionError("no binary message within " + WAIT);
      }
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the server's close frame and returns its status code. */
  public int awaitClose() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)[0];
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + WAIT + "; seen: " + seen, e);
    }
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Every text message received so far, in order. */
  public List<JsonNode> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The client_id the server's greeting gave this connection. */
  public String clientId() {
    return seen().stream().filter(m -> "connected".equals(m.path("type").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no connected message yet")).path("client_id").asText();
  }

  /** A position in {@link #seen()}, for {@link #seenSince}. */
  public int mark() {
    synchronized (seen) {
      return seen.size();
    }
  }

  /** The text messages received after a {@link #mark()}, in order. */
  public List<JsonNode> seenSince(int mark) {
    synchronized (seen) {
      return List.copyOf(seen.subList(mark, seen.size()));
    }
  }

  /** Every message received so far, text ({@link JsonNode}) and binary ({@link ByteBuffer}) in arrival order. */
  public List<Object> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  public int binaryCount() {
    return binary.size();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      try {
        socket.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        socket.abort();
      }
    }
  }

  /** Aborts the TCP connection without a close handshake, like a phone losing its network. */
  public void drop() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer bin = ByteBuffer.allocate(0);

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonNode n = Json.parseOrNull(text.toString());
        text.setLength(0);
        if (n != null) {
          seen.add(n);
          arrivals.add(n);
          inbox.add(n);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ByteBuffer joined = ByteBuffer.allocate(bin.remaining() + data.remaining());
      joined.put(bin).put(data).flip();
      bin = joined;
      if (last) {
        arrivals.add(bin.asReadOnlyBuffer());
        binary.add(bin);
        bin = ByteBuffer.allocate(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(new int[] {statusCode});
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new int[] {-1});
    }
  }
}
