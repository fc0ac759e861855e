package io.switchboard.client.impl;

import io.switchboard.client.SocketOptions;
import io.switchboard.client.SocketSettings;
import io.switchboard.client.SwitchboardSocket;
import io.vertx.core.Vertx;

/** The socket under a facade, made from the facade's options. */
public final class FacadeSocket {
  private FacadeSocket() {}

  /**
   * Socket options with the facade's endpoints, backoff, keepalive, queue bound, connect timeout and
   * callback executor; the facade adds its handshake, and its credentials and request timeout.
   */
  public static SocketOptions.Builder options(SocketSettings settings) {
    return SocketOptions.builder(settings.url())
        .alternateUrls(settings.alternateUrls())
        .backoff(settings.backoff())
        .keepalive(settings.keepalive())
        .maxQueuedMessages(settings.maxQueuedMessages())
        .connectTimeout(settings.connectTimeout())
        .callbackExecutor(settings.callbackExecutor());
  }

  /** A socket on {@code vertx}, or on a Vert.x instance of its own (closed with it) when null. */
  public static SwitchboardSocket create(Vertx vertx, SocketOptions options) {
    return vertx == null ? SwitchboardSocket.create(options) : SwitchboardSocket.create(vertx, options);
  }
}
