package io.switchboard.profile.glasses;

import io.switchboard.config.Keys;
import io.switchboard.core.Hub;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.conn.Connection;
import io.switchboard.protocol.CloseCodes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays an app socket whose user session is held by another node: the owner is looked up in the
 * directory ({@link SessionOwners}), a WebSocket is opened to its {@code /app-ws} with the headers
 * the app presented at upgrade (its key) and {@link ForwardedFor}'s, the app's
 * {@code tpa_connection_init} is sent as the app sent it, and from then on the owner does all
 * protocol work while an {@link AppRelay} pipes the frames. A socket that was itself relayed is never
 * relayed again.
 */
final class AppRelays {
  private static final Logger LOG = LoggerFactory.getLogger(AppRelays.class);
  private static final String[] UPGRADE_HEADERS = {"Authorization", "x-api-key"};

  private final Hub hub;
  private final SessionOwners owners;
  private final ForwardedFor forwardedFor;
  private final Duration connectTimeout;
  private final WebSocketClient client;

  AppRelays(Hub hub, SessionOwners owners, ForwardedFor forwardedFor, Duration connectTimeout) {
    this.hub = hub;
    this.owners = owners;
    this.forwardedFor = forwardedFor;
    this.connectTimeout = connectTimeout;
    int maxFrame = hub.config().integer(Keys.MAX_FRAME);
    this.client = hub.vertx().createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(maxFrame).setMaxMessageSize(maxFrame)
        // One WebSocket per relayed app: the client's default of 50 per server would cap the relay.
        .setMaxConnections(Integer.MAX_VALUE)
        .setConnectTimeout((int) Math.max(1, connectTimeout.toMillis())));
  }

  /** The address a relaying node vouches for, or the peer's (see {@link ForwardedFor}). */
  String clientAddress(MultiMap headers, String peer) {
    return forwardedFor.clientAddress(headers, peer);
  }

  /**
   * Relays the app socket to the node holding {@code userSessionId}, if another live node does and
   * answers; false when there is none to relay to (the caller refuses with NO_ACTIVE_SESSION).
   */
  Future<Boolean> relay(Connection app, AppLink link, String packageName, String userSessionId, String init) {
    if (app.header(ForwardedFor.BY) != null) {
      return Future.succeededFuture(false);
    }
    return owners.remoteOwnerUrl(userSessionId).compose(url -> {
      if (url == null) {
        count("no_owner");
        return Future.succeededFuture(false);
      }
      return connect(app, url).map(owner -> started(app, link, packageName, owner, init)).otherwise(e -> {
        count("unreachable");
        LOG.warn("could not relay an app socket of {} to {}: {}", packageName, url, e.toString());
        return false;
      });
    });
  }

  private Future<WebSocket> connect(Connection app, String url) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(url + AppSocket.ALIAS)
        .setConnectTimeout(connectTimeout.toMillis())
        .setTimeout(connectTimeout.toMillis());
    for (String name : UPGRADE_HEADERS) {
      String value = app.header(name);
      if (value != null) {
        options.putHeader(name, value);
      }
    }
    forwardedFor.headers(hub.nodeId(), app.remoteIp()).forEach(options::putHeader);
    Promise<WebSocket> connected = Promise.promise();
    app.context().runOnContext(v -> client.connect(options).onComplete(connected));
    return connected.future();
  }

  /** On the app connection's event loop, where the socket was connected. */
  private boolean started(Connection app, AppLink link, String packageName, WebSocket owner, String init) {
    if (app.isClosed()) {
      owner.close(CloseCodes.GOING_AWAY, AppRelay.APP_LOST);
      return true;
    }
    app.authenticate(new Principal(packageName, null, Principal.Kind.API_KEY));
    link.relay = AppRelay.start(app, owner, init, hub.connections().limits().outgoingQueueBytes());
    count("relayed");
    return true;
  }

  private void count(String outcome) {
    hub.metrics().counter("switchboard_glasses_app_relays", "outcome", outcome).increment();
  }
}
