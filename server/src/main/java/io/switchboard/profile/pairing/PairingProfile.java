package io.switchboard.profile.pairing;

import io.switchboard.core.Hub;
import io.switchboard.core.conn.SocketEndpoint;
import io.vertx.ext.web.Router;

/** The pairing profile (seed 000): REST routes and the WebSocket at /ws on the pairing listener. */
public final class PairingProfile {
  public static final String NAME = "pairing";
  public static final String WS_PATH = "/ws";

  private final PairingRoutes routes;
  private final PairingSocket socket;

  public PairingProfile(Hub hub) {
    PairingSettings settings = PairingSettings.from(hub.config());
    PairingGuard guard = new PairingGuard(settings, hub.counters(), hub.clock());
    this.routes = new PairingRoutes(hub, settings, guard);
    this.socket = new PairingSocket(hub, settings);
    hub.channels().onExpired(view -> {
      if (view.name().startsWith(PairingChannels.PREFIX)) {
        socket.expired(view);
      }
    });
  }

  public void mount(Router router) {
    routes.mount(router);
  }

  public SocketEndpoint endpoint() {
    return socket;
  }
}
