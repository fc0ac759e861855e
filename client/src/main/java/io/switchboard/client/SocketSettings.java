package io.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the options of a facade hand to the {@link SwitchboardSocket} underneath: where it connects,
 * how it reconnects and keeps the connection alive, how much it queues, how long an attempt may take
 * and where callbacks run. The options records of the app, glasses, assistant and nexus clients have
 * these; each documents its own defaults.
 */
public interface SocketSettings {
  /** The endpoint of the first connection attempt. */
  URI url();

  /** More endpoints of the same service, tried round robin after {@code url} (see {@link SocketOptions}). */
  List<URI> alternateUrls();

  /** Reconnect delays and how many retries. */
  Backoff backoff();

  Keepalive keepalive();

  /** Messages kept while disconnected. */
  int maxQueuedMessages();

  /** Bound on one connection attempt. */
  Duration connectTimeout();

  /** Where handlers and futures run; null: threads the client owns. */
  Executor callbackExecutor();
}
