package io.switchboard.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One of the demo's WebSockets. Its handlers only queue what arrives (on the socket's event loop);
 * the demo takes messages off the queue on its own thread, each wait bounded by the step's timer.
 */
final class DemoSocket implements AutoCloseable {
  private final String name;
  private final ClientWebSocket ws;
  private final StepTimer timer;
  private final BlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
  private volatile Inbound ended;

  private DemoSocket(String name, ClientWebSocket ws, StepTimer timer) {
    this.name = name;
    this.ws = ws;
    this.timer = timer;
    ws.textMessageHandler(text -> inbox.add(new Inbound.Text(text, Json.parseOrNull(text))));
    ws.binaryMessageHandler(data -> inbox.add(new Inbound.Binary(data.getBytes())));
    ws.exceptionHandler(e -> end(new Inbound.Failed(e)));
    ws.closeHandler(v -> end(new Inbound.Closed(ws.closeStatusCode(), ws.closeReason())));
  }

  /**
   * Opens a socket to {@code url} like a native app (no Origin header); the handlers are in place
   * before the upgrade, so nothing is missed.
   */
  static DemoSocket connect(WebSocketClient client, String url, String name, StepTimer timer) {
    DemoSocket socket = new DemoSocket(name, client.webSocket(), timer);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url)
        .setConnectTimeout(timer.limit().toMillis())
        .setAllowOriginHeader(false);
    timer.await(socket.ws.connect(options), name + " could not connect to " + redact(url));
    return socket;
  }

  /** The URL with the token left out: the demo never prints a credential. */
  static String redact(String url) {
    int at = url.indexOf("token=");
    return at < 0 ? url : url.substring(0, at) + "token=...";
  }

  private void end(Inbound how) {
    if (ended == null) {
      ended = how;
      inbox.add(how);
    }
  }

  void send(JsonNode message) {
    timer.await(ws.writeTextMessage(Json.write(message)),
        name + " could not send " + message.path("type").asText("a message"));
  }

  void sendBinary(byte[] data) {
    timer.await(ws.writeBinaryMessage(Buffer.buffer(data)), name + " could not send a binary message");
  }

  /** The next thing that arrived; once the socket has ended, that end, at once. */
  Inbound next() {
    Inbound in = inbox.poll();
    if (in == null && ended != null) {
      return ended;
    }
    if (in == null) {
      in = timer.poll(inbox);
    }
    if (in == null) {
      throw new DemoFailure("nothing arrived within " + timer.seconds());
    }
    return in;
  }

  /** The next message, which must be a JSON text message of this type. */
  JsonNode expect(String type) {
    Inbound in = next();
    if (in instanceof Inbound.Text t && type.equals(t.type())) {
      return t.json();
    }
    throw new DemoFailure("expected " + type + ", received " + in.describe() + " instead");
  }

  /** The next message, which must be binary. */
  byte[] expectBinary() {
    Inbound in = next();
    if (in instanceof Inbound.Binary b) {
      return b.data();
    }
    throw new DemoFailure("expected a binary message, received " + in.describe() + " instead");
  }

  /** Closes with 1000 and waits for the close handshake, within the step's time. */
  void leave() {
    timer.await(ws.close((short) 1000, "demo finished"), name + " could not close its socket");
  }

  /** Closes without waiting for anything (cleanup after a failed step). */
  @Override
  public void close() {
    if (ended == null) {
      ws.close((short) 1000, "demo finished");
    }
  }
}
