package io.switchboard.profile.glasses;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.switchboard.core.conn.Connection;
import io.switchboard.protocol.CloseCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app socket relayed to the node that holds its user session: a pipe between the app's
 * connection here and a WebSocket to the owner's {@code /app-ws}. Both run on the app connection's
 * event loop. Text and binary frames pass unchanged; a close on either side closes the other with
 * the same code and reason (a side that vanished without a close frame becomes 1001). Backpressure:
 * the app is paused while the owner-bound queue is full; towards the app, text that finds the app's
 * queue full closes it 1013 and binary (audio) drops its oldest frames, as on a direct socket.
 */
final class AppRelay {
  private static final Logger LOG = LoggerFactory.getLogger(AppRelay.class);
  static final String OWNER_LOST = "Lost the connection to the node holding the session";
  static final String APP_LOST = "The app's connection was lost";

  private final Connection app;
  private final WebSocket owner;
  private boolean closed;

  private AppRelay(Connection app, WebSocket owner) {
    this.app = app;
    this.owner = owner;
  }

  /** Starts piping: sends the app's init to the owner, then everything else both ways. */
  static AppRelay start(Connection app, WebSocket owner, String init, int queueBytes) {
    AppRelay relay = new AppRelay(app, owner);
    owner.setWriteQueueMaxSize(queueBytes);
    owner.textMessageHandler(app::send);
    owner.binaryMessageHandler(app::sendBinaryDroppable);
    owner.closeHandler(v -> relay.ownerClosed());
    owner.exceptionHandler(e -> LOG.debug("relayed app socket of {}: {}", app, e.toString()));
    owner.drainHandler(v -> app.resume());
    owner.writeTextMessage(init);
    app.onMessages(relay::fromApp, relay::fromApp);
    return relay;
  }

  private void fromApp(String text) {
    if (!closed) {
      owner.writeTextMessage(text);
      pauseIfFull();
    }
  }

  private void fromApp(Buffer data) {
    if (!closed) {
      owner.writeBinaryMessage(data);
      pauseIfFull();
    }
  }

  private void pauseIfFull() {
    if (owner.writeQueueFull()) {
      app.pause();
    }
  }

  private void ownerClosed() {
    if (closed) {
      return;
    }
    closed = true;
    Short code = owner.closeStatusCode();
    if (relayable(code)) {
      app.close(code, owner.closeReason() == null ? "" : owner.closeReason());
    } else {
      app.close(CloseCodes.GOING_AWAY, OWNER_LOST);
    }
  }

  /** The app's socket closed (on its event loop): the owner sees the same close. */
  void appClosed() {
    if (closed) {
      return;
    }
    closed = true;
    Short code = app.closeStatusCode();
    if (relayable(code)) {
      owner.close(code, app.closeReason() == null ? "" : app.closeReason());
    } else {
      owner.close(CloseCodes.GOING_AWAY, APP_LOST);
    }
  }

  /** Whether a received close code may be sent on (1005, 1006 and 1015 only describe a missing or failed close). */
  static boolean relayable(Short code) {
    return code != null && WebSocketCloseStatus.isValidStatusCode(code);
  }
}
