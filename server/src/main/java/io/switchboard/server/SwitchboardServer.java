package io.switchboard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.core.auth.Credentials;
import io.switchboard.core.channel.ChannelStore;
import io.switchboard.core.conn.ConnectionRegistry;
import io.switchboard.core.conn.Limits;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.metrics.HubMetrics;
import io.switchboard.http.OpsRoutes;
import io.switchboard.http.Origins;
import io.switchboard.http.TransportErrors;
import io.switchboard.http.WebSocketGate;
import io.switchboard.profile.assistant.AssistantProfile;
import io.switchboard.profile.devices.AgentRepository;
import io.switchboard.profile.devices.DevicesProfile;
import io.switchboard.profile.glasses.AppRepository;
import io.switchboard.profile.glasses.GlassesProfile;
import io.switchboard.profile.nexus.NexusProfile;
import io.switchboard.profile.nexus.PublicKeyRepository;
import io.switchboard.profile.nexus.ServiceKeyRepository;
import io.switchboard.profile.pairing.PairingProfile;
import io.switchboard.provider.Answering;
import io.switchboard.provider.retrieval.KnowledgeBase;
import io.switchboard.protocol.Json;
import io.switchboard.store.Database;
import io.switchboard.store.JdbcAgentRepository;
import io.switchboard.store.JdbcAppRepository;
import io.switchboard.store.JdbcAuditLog;
import io.switchboard.store.JdbcCommandRepository;
import io.switchboard.store.JdbcDeviceRepository;
import io.switchboard.store.JdbcPublicKeyRepository;
import io.switchboard.store.JdbcServiceKeyRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring: the one place that picks engines by configuration, builds the core, mounts the profiles
 * on their listeners, and stops it all gracefully.
 */
public final class SwitchboardServer {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);

  private final Config config;
  private final Vertx vertx;
  private final Hub hub;
  private final Database database;
  private final Engines engines;
  private final JdbcAuditLog audit;
  private final ChannelStore channels;
  private final PairingProfile pairing;
  private final DevicesProfile devices;
  private final AgentRepository agents;
  private final GlassesProfile glasses;
  private final AppRepository apps;
  private final KnowledgeBase knowledge;
  private final Answering answering;
  private final AssistantProfile assistant;
  private final NexusProfile nexus;
  private final ServiceKeyRepository serviceKeys;
  private final PublicKeyRepository publicKeys;
  private final int eventLoops;
  private Listeners listeners;
  private long sweepTimer;
  private long commandSweepTimer;
  private volatile boolean ready;
  private Future<Void> stopped;

  private SwitchboardServer(Config config, Clock clock) {
    this.config = config;
    int loops = config.integer(Keys.EVENT_LOOPS);
    this.eventLoops = loops > 0 ? loops : Runtime.getRuntime().availableProcessors();
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
        .setPreferNativeTransport(config.bool(Keys.NATIVE_TRANSPORT)));
    Engines opened = null;
    try {
      HubMetrics metrics = new HubMetrics();
      this.database = Database.open(vertx, config);
      this.audit = new JdbcAuditLog(database, config.integer(Keys.AUDIT_QUEUE), config.integer(Keys.AUDIT_BATCH),
          metrics.counter("switchboard_audit_dropped"));
      String node = config.string(Keys.NODE_ID).isBlank() ? UUID.randomUUID().toString() : config.string(Keys.NODE_ID);
      checkNodeUrl(config.string(Keys.CLUSTER_NODE_URL).trim());
      opened = Engines.open(config, node, clock);
      this.engines = opened;
      ConnectionRegistry registry = new ConnectionRegistry(vertx, metrics, Limits.from(config),
          config.seconds(Keys.HEARTBEAT_INTERVAL), config.integer(Keys.HEARTBEAT_MISSED));
      this.channels = engines.channels();
      metrics.gauge("switchboard_channels", channels::size);
      this.hub = new Hub(vertx, config, clock, node, Credentials.create(vertx, config, clock, engines.sharedWsSecret()),
          registry, engines.broker(), engines.directory(), channels, audit, metrics, engines.counters());
      this.pairing = new PairingProfile(hub);
      this.agents = new JdbcAgentRepository(database);
      this.devices = new DevicesProfile(hub, new JdbcDeviceRepository(database), new JdbcCommandRepository(database),
          agents);
      this.apps = new JdbcAppRepository(database);
      this.glasses = new GlassesProfile(hub, apps);
      this.knowledge = AnswerEngines.knowledge(vertx, config);
      this.answering = AnswerEngines.answering(vertx, config, knowledge, metrics);
      this.assistant = new AssistantProfile(hub, answering);
      this.serviceKeys = new JdbcServiceKeyRepository(database);
      this.publicKeys = new JdbcPublicKeyRepository(database);
      this.nexus = new NexusProfile(hub, answering, serviceKeys, publicKeys);
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close(vertx);
      }
      vertx.close();
      throw e;
    }
  }

  /**
   * Builds and starts a server (blocking while the store opens and migrates; call it from a plain
   * thread, not an event loop). Port 0 in the configuration binds an ephemeral port.
   */
  public static SwitchboardServer start(Config config, Clock clock) {
    SwitchboardServer s = new SwitchboardServer(config, clock);
    try {
      s.listen().toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      s.stop().toCompletionStage().toCompletableFuture().join();
      throw e;
    }
    return s;
  }

  public static SwitchboardServer start(Config config) {
    return start(config, Clock.systemUTC());
  }

  private Future<Void> listen() {
    return devices.start().compose(v -> listenNow());
  }

  private Future<Void> listenNow() {
    hub.connections().start();
    long sweepMs = config.longValue(Keys.CHANNEL_SWEEP);
    sweepTimer = vertx.setPeriodic(sweepMs, id -> {
      channels.sweep();
    });
    commandSweepTimer = vertx.setPeriodic(5000, id -> devices.sweep());
    Origins origins = new Origins(config.list(Keys.ALLOWED_ORIGINS));
    Router mainRouter = router(origins);
    Router pairingRouter = router(origins);
    pairing.mount(pairingRouter);
    devices.mount(mainRouter);
    glasses.mount(mainRouter);
    Map<String, SocketEndpoint> mainEndpoints = new HashMap<>(glasses.endpoints());
    mainEndpoints.put(DevicesProfile.WS_PATH, devices.endpoint());
    mainEndpoints.put(AssistantProfile.WS_PATH, assistant.endpoint());
    mainEndpoints.put(NexusProfile.WS_PATH, nexus.endpoint());
    listeners = new Listeners(vertx, List.of(
        spec(mainRouter, mainEndpoints, origins, config.integer(Keys.HTTP_PORT)),
        spec(pairingRouter, Map.of(PairingProfile.WS_PATH, pairing.endpoint()), origins,
            config.integer(Keys.PAIRING_PORT))));
    return listeners.start(eventLoops).onSuccess(v -> {
      engines.startLiveness(vertx, hub.nodeId(), nodeUrl(), config.millis(Keys.CLUSTER_NODE_HEARTBEAT),
          config.millis(Keys.CLUSTER_NODE_TIMEOUT));
      glasses.start(config.string(Keys.HTTP_HOST), httpPort());
      ready = true;
      LOG.info("Switchboard node {} listening: main :{}, pairing :{} on {} event loops ({}, WebSocket engine {}), "
          + "store {}, broker and directory {}", hub.nodeId(), httpPort(), pairingPort(), eventLoops,
          vertx.isNativeTransportEnabled() ? "epoll" : "Java NIO", config.string(Keys.WEBSOCKET_ENGINE),
          database.product(), engines.name());
    });
  }

  private static void checkNodeUrl(String url) {
    if (!url.isEmpty() && !url.startsWith("ws://") && !url.startsWith("wss://")) {
      throw new io.switchboard.config.ConfigException(Keys.CLUSTER_NODE_URL + " must be a ws:// or wss:// URL, got "
          + url);
    }
  }

  /** Where other nodes reach the main listener: {@code cluster.node-url}, else ws://HOST:PORT of the bound listener. */
  private String nodeUrl() {
    String configured = config.string(Keys.CLUSTER_NODE_URL).trim();
    if (!configured.isEmpty()) {
      return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }
    String host = config.string(Keys.HTTP_HOST);
    String h = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    return "ws://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + httpPort();
  }

  private Router router(Origins origins) {
    Router router = Router.router(vertx);
    CorsHandler cors = origins.allowsAny() ? CorsHandler.create()
        : CorsHandler.create().addOrigins(config.list(Keys.ALLOWED_ORIGINS));
    router.route().handler(cors.allowedMethods(java.util.Set.of(io.vertx.core.http.HttpMethod.GET,
        io.vertx.core.http.HttpMethod.POST, io.vertx.core.http.HttpMethod.DELETE)).allowedHeaders(java.util.Set.of("Authorization", "Content-Type")));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.integer(Keys.MAX_MESSAGE)));
    TransportErrors.mount(router);
    new OpsRoutes(this::health, () -> ready, hub.metrics()::scrape).mount(router);
    return router;
  }

  private Listeners.Spec spec(Router router, Map<String, SocketEndpoint> endpoints, Origins origins, int port) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.string(Keys.HTTP_HOST))
        .setPort(port)
        .setMaxWebSocketFrameSize(config.integer(Keys.MAX_FRAME))
        .setMaxWebSocketMessageSize(config.integer(Keys.MAX_FRAME))
        .setWebSocketSubProtocols(List.of("*"))
        // No permessage-deflate: messages are small, and a compressor and decompressor per socket
        // would cost more memory than the rest of the connection (docs/decisions.md).
        .setPerMessageWebSocketCompressionSupported(false)
        // No HTTP/2 upgrade over cleartext: nothing here speaks it, and its handler sits in front
        // of the WebSocket takeover, where it would keep frames a client sent with its upgrade.
        .setHttp2ClearTextEnabled(false)
        .setTcpNoDelay(true);
    WebSocketGate gate = new WebSocketGate(endpoints, hub.connections(), origins,
        WebSocketGate.Engine.of(config.string(Keys.WEBSOCKET_ENGINE)), config.integer(Keys.MAX_FRAME),
        config.bool(Keys.LOOP_AFFINITY));
    return new Listeners.Spec(router, gate, options);
  }

  private Future<ObjectNode> health() {
    Future<Boolean> store = database.ping().otherwise(false);
    Future<Boolean> engine = engines.ping().timeout(2, java.util.concurrent.TimeUnit.SECONDS);
    return Future.join(store, engine).otherwise(v -> null).map(v -> {
      boolean storeUp = store.succeeded() && store.result();
      boolean engineUp = engine.succeeded() && engine.result();
      boolean up = storeUp && engineUp;
      String engineStatus = engineUp ? "UP" : "DOWN";
      ObjectNode components = Json.object();
      components.set("store", Json.object().put("status", storeUp ? "UP" : "DOWN").put("database", database.product()));
      components.set("broker", Json.object().put("status", engineStatus).put("engine", engines.name()));
      components.set("directory", Json.object().put("status", engineStatus).put("engine", engines.name()));
      components.set("provider", Json.object().put("status", "UP").put("engine", answering.engine()));
      ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN").put("node", hub.nodeId())
          .put("connections", hub.connections().size());
      body.set("components", components);
      return body;
    });
  }

  /** Graceful shutdown: not ready, reconnect hint and close 1001 to every client, then close everything. */
  public synchronized Future<Void> stop() {
    if (stopped != null) {
      return stopped;
    }
    stopped = stopNow();
    return stopped;
  }

  private Future<Void> stopNow() {
    ready = false;
    if (devices != null) {
      devices.stop();
    }
    if (glasses != null) {
      glasses.stop();
    }
    Duration grace = config.seconds(Keys.SHUTDOWN_GRACE);
    Future<Void> drained = hub == null ? Future.succeededFuture() : hub.connections().drain(grace);
    return drained.eventually(() -> closeServers()).eventually(() -> {
      vertx.cancelTimer(sweepTimer);
      vertx.cancelTimer(commandSweepTimer);
      return audit == null ? Future.succeededFuture() : audit.flush();
    }).eventually(() -> vertx.executeBlocking(() -> {
      if (answering != null) {
        answering.close();
      }
      if (knowledge != null) {
        knowledge.close();
      }
      if (audit != null) {
        audit.close();
      }
      if (database != null) {
        database.close();
      }
      if (engines != null) {
        engines.close(vertx);
      }
      hub.metrics().close();
      return null;
    })).eventually(() -> vertx.close());
  }

  /**
   * Stops this node abruptly, as if its process had died: a test and operations aid for rehearsing
   * a node failure (never part of a normal shutdown, which is {@link #stop()}). No reconnect hint,
   * no drain, no directory cleanup, no further node heartbeats: the heartbeat key is left to
   * expire, so the other nodes' liveness check removes this node's presence entries and bindings
   * within {@code cluster.node-timeout-ms + cluster.node-heartbeat-ms}. The Redis connections are
   * closed first (so the cleanup that closing sockets triggers cannot reach Redis), then every
   * client socket is cut without a close frame, then the store and Vert.x are closed; REST calls
   * still waiting get no answer. Audit events already queued are still written before the store
   * closes, unlike in a real crash. Later calls to {@link #stop()} or this method
   * return the same future.
   */
  public synchronized Future<Void> halt() {
    if (stopped == null) {
      stopped = haltNow();
    }
    return stopped;
  }

  private Future<Void> haltNow() {
    ready = false;
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(commandSweepTimer);
    // Started from a future bound to no context, so the last steps still run once Vert.x is closed.
    return Future.<Void>succeededFuture().compose(v -> vertx.<Void>executeBlocking(() -> {
      engines.cut(vertx);
      return null;
    })).eventually(() -> {
      hub.connections().all().forEach(io.switchboard.core.conn.Connection::abort);
      io.vertx.core.Promise<Void> cut = io.vertx.core.Promise.promise();
      long deadline = System.currentTimeMillis() + 2000;
      vertx.setPeriodic(10, id -> {
        if (hub.connections().size() == 0 || System.currentTimeMillis() >= deadline) {
          vertx.cancelTimer(id);
          cut.tryComplete();
        }
      });
      return cut.future();
    }).eventually(() -> vertx.executeBlocking(() -> {
      answering.close();
      knowledge.close();
      audit.close();
      database.close();
      engines.close(vertx);
      hub.metrics().close();
      return null;
    })).eventually(() -> vertx.close());
  }

  private Future<Void> closeServers() {
    return listeners == null ? Future.succeededFuture() : listeners.stop();
  }

  public int httpPort() {
    return listeners.port(0);
  }

  public int pairingPort() {
    return listeners.port(1);
  }

  public Hub hub() {
    return hub;
  }

  public AuditLog audit() {
    return audit;
  }

  public Credentials credentials() {
    return hub.credentials();
  }

  public DevicesProfile devices() {
    return devices;
  }

  public GlassesProfile glasses() {
    return glasses;
  }

  /** The registry of glasses apps (the CLI and tests manage apps through it). */
  public AppRepository apps() {
    return apps;
  }

  /** The agent registry (the CLI and tests manage agents through it). */
  public AgentRepository agents() {
    return agents;
  }

  /** Service API keys for nexus (the CLI and tests manage them through it). */
  public ServiceKeyRepository serviceKeys() {
    return serviceKeys;
  }

  /** Registered Ed25519 public keys for nexus challenge authentication. */
  public PublicKeyRepository publicKeys() {
    return publicKeys;
  }

  public AssistantProfile assistant() {
    return assistant;
  }

  public boolean isReady() {
    return ready;
  }
}
