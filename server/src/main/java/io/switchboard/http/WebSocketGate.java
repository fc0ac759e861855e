package io.switchboard.http;

import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.ConnectionRegistry;
import io.switchboard.core.conn.SocketEndpoint;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each WebSocket upgrade on one listener: unknown path 404, a browser Origin not on the
 * allow-list 403, an IP over its connection limit 429; otherwise the socket is accepted, wrapped
 * in a {@link Connection} and handed to the path's endpoint.
 */
public final class WebSocketGate {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketGate.class);

  private final Map<String, SocketEndpoint> endpoints;
  private final ConnectionRegistry registry;
  private final Origins origins;

  public WebSocketGate(Map<String, SocketEndpoint> endpoints, ConnectionRegistry registry, Origins origins) {
    this.endpoints = Map.copyOf(endpoints);
    this.registry = registry;
    this.origins = origins;
  }

  public void install(HttpServer server) {
    server.webSocketHandshakeHandler(this::decide);
    server.webSocketHandler(ws -> { });
  }

  private void decide(ServerWebSocketHandshake hs) {
    SocketEndpoint endpoint = endpoints.get(hs.path());
    if (endpoint == null) {
      hs.reject(404);
      return;
    }
    if (!origins.allows(hs.headers().get("Origin"))) {
      registry.metrics().counter("switchboard_upgrades_refused", "reason", "origin").increment();
      hs.reject(403);
      return;
    }
    String ip = endpoint.clientAddress(hs.headers(),
        hs.remoteAddress() == null ? "unknown" : hs.remoteAddress().hostAddress());
    if (!registry.reserveIp(ip)) {
      registry.metrics().counter("switchboard_upgrades_refused", "reason", "per_ip").increment();
      hs.reject(429);
      return;
    }
    hs.accept().onComplete(ar -> {
      if (ar.failed()) {
        registry.releaseIp(ip);
        LOG.debug("upgrade failed from {}: {}", ip, ar.cause().toString());
        return;
      }
      Connection c = registry.open(ar.result(), ip, endpoint);
      endpoint.onOpen(c);
    });
  }
}
