package io.switchboard.profile.glasses;

import io.vertx.core.Future;

/**
 * An app socket's state: the app a key at upgrade proved (or null), and, once its
 * {@code tpa_connection_init} succeeded, its session and run (or the relay to the node holding
 * it). Written on the session's context, read on the socket's.
 */
final class AppLink {
  final Future<App> proven;
  volatile boolean initStarted;
  volatile AppRun run;
  volatile UserSession session;
  volatile boolean released;
  /** Set when the session is held by another node and this socket is relayed there. */
  volatile AppRelay relay;

  AppLink(Future<App> proven) {
    this.proven = proven;
  }
}
