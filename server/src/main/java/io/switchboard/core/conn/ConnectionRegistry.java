package io.switchboard.core.conn;

import io.switchboard.core.limits.TokenBucket;
import io.switchboard.core.metrics.HubMetrics;
import io.switchboard.protocol.CloseCodes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection on this node, the per-IP connection counts, and the one heartbeat sweep.
 *
 * <p>No connection has a timer of its own: a single periodic sweep advances a tick; any frame from a
 * client stamps the current tick on its connection. A connection silent for one tick gets a ping
 * frame at each sweep; after {@code heartbeat.missed-limit} unanswered pings it is closed 4000. The same sweep lets each
 * endpoint apply its own idle policy ({@link SocketEndpoint#onSweep}). Connections that still owe
 * in-band authentication sit in a small set checked four times a second and are closed 1008 at
 * their deadline.
 */
public final class ConnectionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final Vertx vertx;
  private final HubMetrics metrics;
  private final Limits limits;
  private final int missedLimit;
  private final long heartbeatMillis;
  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, IpSlots> perIp = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Connection, Long> awaitingAuth = new ConcurrentHashMap<>();
  private volatile long tick;
  private volatile long nowMillis = System.currentTimeMillis();
  private long timerId = -1;
  private long deadlineTimerId = -1;

  public ConnectionRegistry(Vertx vertx, HubMetrics metrics, Limits limits, Duration heartbeat, int missedLimit) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.limits = limits;
    this.heartbeatMillis = heartbeat.toMillis();
    this.missedLimit = missedLimit;
    metrics.gauge("switchboard_connections", connections::size);
  }

  public void start() {
    timerId = vertx.setPeriodic(heartbeatMillis, id -> sweep());
    deadlineTimerId = vertx.setPeriodic(250, id -> checkDeadlines());
  }

  public Limits limits() {
    return limits;
  }

  public HubMetrics metrics() {
    return metrics;
  }

  long tick() {
    return tick;
  }

  /** A coarse clock (refreshed four times a second) for stamping activity without a system call. */
  long nowMillis() {
    return nowMillis;
  }

  public int size() {
    return connections.size();
  }

  public Collection<Connection> all() {
    return Collections.unmodifiableCollection(connections.values());
  }

  /**
   * Reserves a connection slot for an IP; null when it already holds the configured maximum.
   * Returns the one instance of the address string that every connection from that IP shares.
   * The count changes only inside the map's own update of that IP, so a release that empties the
   * entry cannot race a reservation into a count the map no longer holds.
   */
  public String reserveIp(String ip) {
    int max = limits.connectionsPerIp();
    boolean[] reserved = new boolean[1];
    IpSlots slots = perIp.compute(ip, (k, held) -> {
      IpSlots s = held == null ? new IpSlots(k) : held;
      if (s.get() < max) {
        s.incrementAndGet();
        reserved[0] = true;
      }
      return s.get() == 0 ? null : s;
    });
    return reserved[0] ? slots.ip : null;
  }

  /** The connections held by one IP, and the address string they share. */
  private static final class IpSlots extends AtomicInteger {
    final String ip;

    IpSlots(String ip) {
      this.ip = ip;
    }
  }

  public void releaseIp(String ip) {
    perIp.computeIfPresent(ip, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
  }

  /**
   * Wraps an accepted Vert.x socket whose IP slot was reserved ({@code http.websocket-engine=vertx}).
   * The slot is released and the endpoint told when the socket closes. The endpoint's
   * {@link SocketEndpoint#authTimeout()} bounds in-band authentication (null: none owed).
   */
  public Connection open(ServerWebSocket socket, String ip, SocketEndpoint endpoint) {
    return open(new VertxWire(socket, limits.outgoingQueueBytes()), vertx.getOrCreateContext(), ip, endpoint);
  }

  /** As {@link #open(ServerWebSocket, String, SocketEndpoint)}, for a socket on Switchboard's own WebSocket handler. */
  public Connection open(NettyWire wire, Context context, String ip, SocketEndpoint endpoint) {
    return open((Wire) wire, context, ip, endpoint);
  }

  private Connection open(Wire wire, Context context, String ip, SocketEndpoint endpoint) {
    Connection c = new Connection(UUID.randomUUID().toString(), wire, context, ip,
        endpoint, this, new TokenBucket(limits.messagesPerSecond(), limits.burst(), System.nanoTime()), tick);
    Duration authTimeout = endpoint.authTimeout();
    if (authTimeout != null) {
      awaitingAuth.put(c, System.nanoTime() + authTimeout.toNanos());
    }
    connections.put(c.id(), c);
    wire.start(c);
    return c;
  }

  /** A connection's socket closed: the IP slot is released and the endpoint told, once. */
  void closed(Connection c) {
    awaitingAuth.remove(c);
    if (connections.remove(c.id()) != null) {
      releaseIp(c.remoteIp());
      try {
        c.endpoint().onClose(c);
      } catch (RuntimeException e) {
        LOG.error("close handler of {} failed", c, e);
      }
    }
  }

  void authenticated(Connection c) {
    awaitingAuth.remove(c);
  }

  private void checkDeadlines() {
    nowMillis = System.currentTimeMillis();
    if (awaitingAuth.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    awaitingAuth.forEach((c, deadline) -> {
      if (now - deadline >= 0 && awaitingAuth.remove(c) != null) {
        timedOut(c);
      }
    });
  }

  private static void timedOut(Connection c) {
    try {
      c.endpoint().onAuthTimeout(c);
    } catch (RuntimeException e) {
      LOG.error("auth timeout handler of {} failed", c, e);
      c.close(CloseCodes.POLICY, c.endpoint().authTimeoutReason());
    }
  }

  /** One heartbeat step; public so tests can drive it without waiting for the period. */
  public void sweep() {
    long now = ++tick;
    nowMillis = System.currentTimeMillis();
    for (Connection c : connections.values()) {
      long silent = now - c.lastSeenTick;
      if (silent > missedLimit) {
        metrics.heartbeatCloses.increment();
        c.close(CloseCodes.HEARTBEAT_LOST, c.endpoint().heartbeatCloseReason());
        continue;
      } else if (silent >= 1) {
        c.ping();
      }
      c.endpoint().onSweep(c, nowMillis - c.lastMessageMillis);
    }
  }

  /**
   * Graceful shutdown: every client gets {"type":"reconnect"} and close 1001; completes when all
   * are closed or the grace has passed.
   */
  public Future<Void> drain(Duration grace) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      vertx.cancelTimer(deadlineTimerId);
    }
    Promise<Void> done = Promise.promise();
    if (connections.isEmpty()) {
      done.complete();
      return done.future();
    }
    for (Connection c : connections.values()) {
      c.send("{\"type\":\"reconnect\",\"reason\":\"server shutting down\"}");
      c.close(CloseCodes.GOING_AWAY, "Server shutting down");
    }
    long deadline = System.currentTimeMillis() + grace.toMillis();
    vertx.setPeriodic(20, id -> {
      if (connections.isEmpty() || System.currentTimeMillis() >= deadline) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }
}
