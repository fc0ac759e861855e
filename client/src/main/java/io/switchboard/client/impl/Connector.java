package io.switchboard.client.impl;

import io.switchboard.client.Credentials;
import io.switchboard.client.SocketOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One connection attempt's first half: fetch a fresh token, then the WebSocket upgrade that carries it. */
final class Connector {
  private final SocketOptions options;
  private final Context context;
  private final Callbacks callbacks;
  private final WebSocketClient client;

  Connector(Vertx vertx, Context context, SocketOptions options, Callbacks callbacks) {
    this.options = options;
    this.context = context;
    this.callbacks = callbacks;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(options.maxMessageBytes())
        .setMaxMessageSize(options.maxMessageBytes())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .setClosingTimeout(2));
  }

  /**
   * Completes on the socket's context with an open WebSocket to {@code endpoint} (one of the options'
   * endpoints). {@code setup} installs the handlers
   * before the upgrade is sent, so not even the server's first message can slip past them.
   */
  Future<WebSocket> dial(URI endpoint, Consumer<WebSocket> setup) {
    return token().compose(token -> {
      ClientWebSocket ws = client.webSocket();
      setup.accept(ws);
      return ws.connect(upgrade(options, endpoint, token));
    });
  }

  Future<Void> close() {
    return client.close();
  }

  /** The token for this attempt, fetched on the callback pool (the supplier may block). */
  private Future<String> token() {
    Credentials c = options.credentials();
    if (c.placement() == Credentials.Placement.NONE) {
      return Future.succeededFuture(null);
    }
    CompletableFuture<String> token = callbacks.supply(c.token());
    return Future.fromCompletionStage(token, context).recover(e -> Future.failedFuture(Callbacks.unwrap(e)));
  }

  /** The upgrade to {@code url}: its own path and query, and the options' credential and headers. */
  static WebSocketConnectOptions upgrade(SocketOptions options, URI url, String token) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery();
    Credentials c = options.credentials();
    if (c.placement() == Credentials.Placement.QUERY) {
      String param = c.name() + "=" + URLEncoder.encode(c.prefix() + token, StandardCharsets.UTF_8);
      query = query == null || query.isEmpty() ? param : query + "&" + param;
    }
    WebSocketConnectOptions upgrade = new WebSocketConnectOptions()
        .setHost(url.getHost())
        .setPort(port(url))
        .setSsl("wss".equals(url.getScheme()))
        .setURI(query == null ? path : path + "?" + query);
    upgrade.setConnectTimeout(options.connectTimeout().toMillis());
    options.headers().forEach(upgrade::addHeader);
    if (c.placement() == Credentials.Placement.HEADER) {
      upgrade.addHeader(c.name(), c.prefix() + token);
    } else if (c.placement() == Credentials.Placement.SUBPROTOCOL) {
      upgrade.addSubProtocol(c.prefix() + token);
    }
    return upgrade;
  }

  /** Where the socket connects, for logs: never the query, which may hold a token. */
  static String describe(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme() + "://" + url.getHost() + ":" + port(url) + path;
  }

  private static int port(URI url) {
    if (url.getPort() > 0) {
      return url.getPort();
    }
    return "wss".equals(url.getScheme()) ? 443 : 80;
  }
}
