package io.switchboard.profile.devices;

import io.switchboard.core.Hub;
import io.switchboard.core.conn.SocketEndpoint;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The devices profile (seed 004): device registry, remote commands under governance, audit. */
public final class DevicesProfile {
  public static final String NAME = "devices";
  public static final String WS_PATH = DeviceSocket.PATH;
  private static final Logger LOG = LoggerFactory.getLogger(DevicesProfile.class);

  private final CommandService service;
  private final DeviceRoutes routes;
  private final DeviceSocket socket;

  public DevicesProfile(Hub hub, DeviceRepository devices, CommandRepository commands, AgentRepository agents) {
    DevicesSettings settings = DevicesSettings.from(hub.config());
    this.service = new CommandService(hub, settings, devices, commands, agents);
    this.routes = new DeviceRoutes(hub, settings, devices, commands, service);
    this.socket = new DeviceSocket(hub, settings, devices, service);
  }

  /** Waits for the result topic, ends commands a previous run left in flight; call once before listening. */
  public Future<Void> start() {
    return service.ready().compose(v -> service.recover()).map(n -> {
      if (n > 0) {
        LOG.warn("{} command(s) were in flight when the server last stopped; they are now TIMED_OUT", n);
      }
      return null;
    });
  }

  public void mount(Router router) {
    routes.mount(router);
  }

  public SocketEndpoint endpoint() {
    return socket;
  }

  /** Expires queued commands past their TTL; called from the server's periodic sweep. */
  public Future<Void> sweep() {
    return service.expire();
  }

  /** Answers every REST call still waiting for a device (503 with its command id). */
  public void stop() {
    service.stop();
  }

  /** REST calls waiting for a device's result on this node. */
  public int pendingCommands() {
    return service.pendingCount();
  }
}
