package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One generator connection. During setup, frames queue up and {@link #await} takes them by type;
 * once the scenario runs, every frame goes to the handler given to {@link #run}. All of a link's
 * callbacks run on the context it was connected from.
 */
final class Link {
  private static final long SETUP_TIMEOUT_MS = 15_000;

  private final ClientWebSocket ws;
  private final Codec codec;
  private final Context context;
  private ArrayDeque<String> backlog = new ArrayDeque<>();
  private String waitingFor;
  private Promise<String> waiter;
  private long waiterTimer = -1;
  private Handler<String> handler;
  private volatile boolean closed;

  private Link(ClientWebSocket ws, Codec codec, Context context) {
    this.ws = ws;
    this.codec = codec;
    this.context = context;
  }

  /** Connects from the current context (call it on the context the link should live on). */
  static Future<Link> connect(WebSocketClient client, Codec codec, String host, int port, String uri) {
    ClientWebSocket ws = client.webSocket();
    Link link = new Link(ws, codec, io.vertx.core.Vertx.currentContext());
    ws.textMessageHandler(link::onText);
    ws.closeHandler(v -> link.onClose());
    ws.exceptionHandler(e -> { });
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
        .setConnectTimeout(SETUP_TIMEOUT_MS).setTimeout(SETUP_TIMEOUT_MS);
    return ws.connect(o).map(v -> link);
  }

  Context context() {
    return context;
  }

  Codec codec() {
    return codec;
  }

  boolean closed() {
    return closed;
  }

  void send(String text) {
    if (!closed) {
      ws.writeTextMessage(text);
    }
  }

  /** Builds a frame with this link's codec and sends it. */
  void send(String type, String fields) {
    send(codec.frame(type, fields));
  }

  boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  /** The next frame of this type (taken from those already received, or the next to arrive). */
  Future<String> await(String type) {
    for (Iterator<String> it = backlog.iterator(); it.hasNext(); ) {
      String f = it.next();
      String t = codec.type(f);
      if (type.equals(t)) {
        it.remove();
        return Future.succeededFuture(f);
      }
      if ("error".equals(t)) {
        it.remove();
        return Future.failedFuture(new IllegalStateException("server answered " + f));
      }
    }
    if (closed) {
      return Future.failedFuture(new IllegalStateException("closed while waiting for " + type));
    }
    waitingFor = type;
    waiter = Promise.promise();
    waiterTimer = context.owner().setTimer(SETUP_TIMEOUT_MS, id -> fail("timed out waiting for " + type));
    return waiter.future();
  }

  /** Ends setup: from now on every frame goes to the handler. */
  void run(Handler<String> handler) {
    this.handler = handler;
    this.backlog = null;
  }

  Future<Void> close() {
    closed = true;
    return ws.close();
  }

  private void onText(String frame) {
    if (codec.control(this, frame)) {
      return;
    }
    Handler<String> h = handler;
    if (h != null) {
      h.handle(frame);
      return;
    }
    if (waiter != null) {
      String t = codec.type(frame);
      if (waitingFor.equals(t)) {
        Promise<String> p = clearWaiter();
        p.complete(frame);
        return;
      }
      if ("error".equals(t)) {
        clearWaiter().fail(new IllegalStateException("server answered " + frame));
        return;
      }
    }
    if (backlog != null && backlog.size() < 64) {
      backlog.add(frame);
    }
  }

  /** How the server closed the socket ("1013 Slow consumer…"), or null while it is open. */
  String closeCause() {
    if (!closed) {
      return null;
    }
    return ws.closeStatusCode() == null ? "no close frame" : ws.closeStatusCode() + " " + ws.closeReason();
  }

  private void onClose() {
    closed = true;
    if (waiter != null) {
      fail("closed by the server while waiting for " + waitingFor
          + (ws.closeStatusCode() == null ? "" : " (close " + ws.closeStatusCode() + " " + ws.closeReason() + ")"));
    }
  }

  private void fail(String why) {
    if (waiter != null) {
      clearWaiter().fail(new IllegalStateException(why));
    }
  }

  private Promise<String> clearWaiter() {
    Promise<String> p = waiter;
    waiter = null;
    waitingFor = null;
    if (waiterTimer >= 0) {
      context.owner().cancelTimer(waiterTimer);
      waiterTimer = -1;
    }
    return p;
  }
}
