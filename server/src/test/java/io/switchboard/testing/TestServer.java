package io.switchboard.testing;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.server.SwitchboardServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A real server on ephemeral ports with its own data directory, for tests. Limits that would get in
 * the way of many sockets from one test IP are raised only where a test says so.
 */
public final class TestServer implements AutoCloseable {
  private final SwitchboardServer server;
  private final Config config;

  private TestServer(SwitchboardServer server, Config config) {
    this.server = server;
    this.config = config;
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, Clock.systemUTC(), Map.of());
  }

  public static TestServer start(Path dataDir, Clock clock, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put(Keys.DATA_DIR, dataDir.toString());
    values.put(Keys.HTTP_PORT, "0");
    values.put(Keys.PAIRING_PORT, "0");
    values.put(Keys.HTTP_HOST, "127.0.0.1");
    values.put(Keys.SHUTDOWN_GRACE, "2");
    values.putAll(overrides);
    Config config = Config.defaults().with(values);
    return new TestServer(SwitchboardServer.start(config, clock), config);
  }

  public SwitchboardServer server() {
    return server;
  }

  public Config config() {
    return config;
  }

  public int pairingPort() {
    return server.pairingPort();
  }

  public int httpPort() {
    return server.httpPort();
  }

  public String pairingUrl() {
    return "http://127.0.0.1:" + pairingPort();
  }

  /** A user JWT for the given user, signed with this server's secret. */
  public String userToken(String user) {
    return server.credentials().mintUserToken(user, java.time.Duration.ofHours(1));
  }

  /** Waits until the server has let go of a connection (its close handling has run). */
  public void awaitDisconnected(String clientId) {
    Awaitility.await().atMost(WsProbe.WAIT).until(() -> server.hub().connections().all().stream()
        .noneMatch(c -> c.id().equals(clientId)));
  }

  /** The event loop serving a connection, by the client_id its greeting gave. */
  public io.netty.channel.EventLoop eventLoopOf(String clientId) {
    io.switchboard.core.conn.Connection c = server.hub().connections().all().stream()
        .filter(x -> x.id().equals(clientId)).findFirst().orElseThrow();
    return ((io.vertx.core.internal.ContextInternal) c.context()).nettyEventLoop();
  }

  /** A counter's value (0 before it first counts). */
  public double counter(String name) {
    var counter = server.hub().metrics().registry().find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Channels the server holds, as its switchboard_channels gauge reports them. */
  public int channelCount() {
    return (int) server.hub().metrics().registry().get("switchboard_channels").gauge().value();
  }

  /** The newest audit events (up to {@code limit}), after everything recorded so far is written. */
  public List<AuditEvent> auditEvents(int limit) {
    AuditLog audit = server.audit();
    return audit.flush().compose(v -> audit.query(AuditLog.Query.all(limit)))
        .toCompletionStage().toCompletableFuture().join();
  }

  /** The newest audit events of one kind. */
  public List<AuditEvent> auditEvents(String kind) {
    return auditEvents(1000).stream().filter(e -> kind.equals(e.kind())).toList();
  }

  /** Stops the node as a crash would ({@link SwitchboardServer#halt()}); a later close() does nothing more. */
  public void halt() {
    server.halt().toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public void close() {
    server.stop().toCompletionStage().toCompletableFuture().join();
  }
}
