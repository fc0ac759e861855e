package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Keepalive;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.util.function.Consumer;

/**
 * Keepalive for one connection: a ping every interval (none while one is outstanding) and a
 * deadline for its pong; a missed deadline reports the connection lost. Runs on the socket's context.
 */
final class KeepaliveTask {
  private final Vertx vertx;
  private final Keepalive config;
  private final WebSocket ws;
  private final Consumer<String> onLost;
  private long periodic = -1;
  private long deadline = -1;
  private long sequence;
  private boolean awaiting;

  KeepaliveTask(Vertx vertx, Keepalive config, WebSocket ws, Consumer<String> onLost) {
    this.vertx = vertx;
    this.config = config;
    this.ws = ws;
    this.onLost = onLost;
  }

  void start() {
    if (config.mode() != Keepalive.Mode.OFF) {
      periodic = vertx.setPeriodic(config.interval().toMillis(), id -> ping());
    }
  }

  private void ping() {
    if (awaiting) {
      return;
    }
    awaiting = true;
    long seq = ++sequence;
    if (config.mode() == Keepalive.Mode.FRAMES) {
      ws.writePing(Buffer.buffer(Long.toString(seq)));
    } else {
      ws.writeTextMessage(Json.write(config.ping().apply(seq)));
    }
    deadline = vertx.setTimer(config.timeout().toMillis(), id -> {
      deadline = -1;
      onLost.accept("no pong within " + config.timeout().toMillis() + " ms");
    });
  }

  /** Whether this message is the awaited JSON pong (then it is consumed here). */
  boolean onMessage(JsonNode msg) {
    if (config.mode() == Keepalive.Mode.JSON && awaiting && config.isPong().test(msg, sequence)) {
      pong();
      return true;
    }
    return false;
  }

  void onPongFrame() {
    if (config.mode() == Keepalive.Mode.FRAMES && awaiting) {
      pong();
    }
  }

  private void pong() {
    awaiting = false;
    if (deadline >= 0) {
      vertx.cancelTimer(deadline);
      deadline = -1;
    }
  }

  void stop() {
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
      periodic = -1;
    }
    pong();
  }
}
