package io.switchboard.profile.glasses;

import io.vertx.core.Future;

/**
 * An app socket's state: the app a key at upgrade proved (or null), and, once its
 * {@code tpa_connection_init} succeeded, its session and run. Written on the session's context,
 * read on the socket's.
 */
final class AppLink {
  final Future<App> proven;
  volatile boolean initStarted;
  volatile AppRun run;
  volatile UserSession session;
  volatile boolean released;

  AppLink(Future<App> proven) {
    this.proven = proven;
  }
}
