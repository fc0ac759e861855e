package io.switchboard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every configuration key, its default and what it does. docs/operations.md lists the same. */
public final class Keys {
  private Keys() {}

  /** One configuration key. */
  public record Key(String name, String defaultValue, String doc) {}

  public static final String DATA_DIR = "data.dir";
  public static final String NODE_ID = "node.id";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String PAIRING_PORT = "pairing.port";
  public static final String ALLOWED_ORIGINS = "http.allowed-origins";
  public static final String EVENT_LOOPS = "http.event-loops";
  public static final String NATIVE_TRANSPORT = "http.native-transport";
  public static final String WEBSOCKET_ENGINE = "http.websocket-engine";
  public static final String LOOP_AFFINITY = "http.loop-affinity";

  public static final String CLUSTER_REDIS_URL = "cluster.redis-url";
  public static final String CLUSTER_REDIS_PREFIX = "cluster.redis-prefix";
  public static final String CLUSTER_NODE_HEARTBEAT = "cluster.node-heartbeat-ms";
  public static final String CLUSTER_NODE_TIMEOUT = "cluster.node-timeout-ms";
  public static final String CLUSTER_NODE_URL = "cluster.node-url";
  public static final String CLUSTER_SECRET = "cluster.secret";

  public static final String STORE_URL = "store.url";
  public static final String STORE_USER = "store.user";
  public static final String STORE_PASSWORD = "store.password";
  public static final String STORE_POOL_SIZE = "store.pool-size";
  public static final String AUDIT_QUEUE = "audit.queue-capacity";
  public static final String AUDIT_BATCH = "audit.batch-size";

  public static final String JWT_ALGORITHM = "auth.jwt.algorithm";
  public static final String JWT_SECRET = "auth.jwt.secret";
  public static final String WS_TOKEN_SECRET = "auth.ws-token-secret";
  public static final String JWT_PUBLIC_KEY_FILE = "auth.jwt.public-key-file";
  public static final String JWT_JWKS_URL = "auth.jwt.jwks-url";
  public static final String JWT_ISSUER = "auth.jwt.issuer";
  public static final String JWT_AUDIENCE = "auth.jwt.audience";
  public static final String JWT_LEEWAY = "auth.jwt.leeway-seconds";
  public static final String JWT_CACHE_SIZE = "auth.jwt.cache-size";
  public static final String WS_TOKEN_TTL = "auth.ws-token.ttl-seconds";

  public static final String MAX_FRAME = "limits.max-frame-bytes";
  public static final String MAX_MESSAGE = "limits.max-message-bytes";
  public static final String RATE = "limits.messages-per-second";
  public static final String BURST = "limits.messages-burst";
  public static final String ABUSE = "limits.rate-abuse-threshold";
  public static final String PER_IP = "limits.connections-per-ip";
  public static final String OUT_QUEUE = "limits.outgoing-queue-bytes";

  public static final String HEARTBEAT_INTERVAL = "heartbeat.interval-seconds";
  public static final String HEARTBEAT_MISSED = "heartbeat.missed-limit";
  public static final String SHUTDOWN_GRACE = "shutdown.grace-seconds";

  public static final String PAIRING_CODE_TTL = "pairing.code-ttl-seconds";
  public static final String PAIRING_GRACE = "pairing.reconnect-grace-seconds";
  public static final String PAIRING_SCOPE = "pairing.scope";
  public static final String PAIRING_FAILURES = "pairing.max-failures-per-minute";
  public static final String PAIRING_GLOBAL_BUDGET = "pairing.global-failure-budget-per-minute";
  public static final String PAIRING_SLOWDOWN = "pairing.global-slowdown-ms";
  public static final String PAIRING_CODES_PER_MINUTE = "pairing.codes-per-user-per-minute";
  public static final String PAIRING_REPLAY = "pairing.replay-buffer";
  public static final String PAIRING_MAX_DEVICES = "pairing.max-devices";
  public static final String CHANNEL_SWEEP = "channels.sweep-interval-ms";

  public static final String DEVICES_REGISTRATION_TIMEOUT = "devices.registration-timeout-seconds";
  public static final String DEVICES_PROBE_AFTER = "devices.probe-after-seconds";
  public static final String DEVICES_SILENCE_LIMIT = "devices.silence-limit-seconds";
  public static final String DEVICES_COMMAND_TIMEOUT = "devices.command-timeout-seconds";
  public static final String DEVICES_COMMAND_TIMEOUT_MAX = "devices.command-timeout-max-seconds";
  public static final String DEVICES_QUEUE_TTL = "devices.queue-ttl-seconds";
  public static final String DEVICES_IDEMPOTENCY_WINDOW = "devices.idempotency-window-seconds";
  public static final String DEVICES_MAX_PENDING = "devices.max-pending-commands";
  public static final String DEVICES_MAX_PER_USER = "devices.max-per-user";
  public static final String DEVICES_GOVERNANCE = "devices.governance";
  public static final String DEVICES_EXECUTE_ALLOWLIST = "devices.execute-allowlist";

  public static final String GLASSES_SESSION_GRACE = "glasses.session-grace-seconds";
  public static final String GLASSES_APP_INIT_TIMEOUT = "glasses.app-init-timeout-ms";
  public static final String GLASSES_APP_WS_URL = "glasses.app-websocket-url";
  public static final String GLASSES_WEBHOOK_TIMEOUT = "glasses.webhook-timeout-ms";
  public static final String GLASSES_WEBHOOK_ATTEMPTS = "glasses.webhook-attempts";
  public static final String GLASSES_WEBHOOK_RETRY_DELAY = "glasses.webhook-retry-delay-ms";
  public static final String GLASSES_RESTART_DELAY = "glasses.restart-delay-ms";
  public static final String GLASSES_RESTART_ATTEMPTS = "glasses.restart-max-attempts";
  public static final String GLASSES_DISPLAY_INTERVAL = "glasses.display-interval-ms";
  public static final String GLASSES_DISPLAY_TICK = "glasses.display-tick-ms";
  public static final String GLASSES_DEFAULT_LANGUAGE = "glasses.default-language";
  public static final String ASSISTANT_REQUIRE_TOKEN = "assistant.require-token";
  public static final String ASSISTANT_MEMORY = "assistant.memory-messages";
  public static final String ASSISTANT_TEAM = "assistant.knowledge-team";

  public static final String NEXUS_AUTH_TIMEOUT = "nexus.auth-timeout-seconds";
  public static final String NEXUS_MEMORY = "nexus.memory-messages";
  public static final String NEXUS_DEFAULT_TEAM = "nexus.default-team";

  public static final String PROVIDER_ENGINE = "providers.engine";
  public static final String PROVIDER_TIMEOUT = "providers.timeout-ms";
  public static final String PROVIDER_IN_FLIGHT = "providers.max-in-flight-per-connection";
  public static final String PROVIDER_PASSAGES = "providers.passages";
  public static final String KNOWLEDGE_DIR = "providers.knowledge.dir";
  public static final String KNOWLEDGE_BUNDLED = "providers.knowledge.bundled";
  public static final String KNOWLEDGE_BUNDLED_TEAM = "providers.knowledge.bundled-team";
  public static final String OPENAI_BASE_URL = "providers.openai.base-url";
  public static final String OPENAI_API_KEY = "providers.openai.api-key";
  public static final String OPENAI_MODEL = "providers.openai.model";
  public static final String OPENAI_SYSTEM_PROMPT = "providers.openai.system-prompt";
  public static final String OPENAI_MAX_TOKENS = "providers.openai.max-tokens";

  public static final List<Key> ALL = List.of(
      new Key(DATA_DIR, "./data", "Data directory: H2 database, JWT secret file."),
      new Key(NODE_ID, "", "This node's id; empty means a random id at start."),
      new Key(HTTP_HOST, "0.0.0.0", "Address both listeners bind to."),
      new Key(HTTP_PORT, "8000", "Main listener (assistant, nexus, glasses, devices; health and metrics)."),
      new Key(PAIRING_PORT, "8089", "Pairing listener (seed 000); also serves health and metrics."),
      new Key(ALLOWED_ORIGINS, "*", "Comma-separated browser origins allowed at WebSocket upgrade and by CORS; "
          + "`*` allows any. Requests without an Origin header (native apps) are always allowed."),
      new Key(EVENT_LOOPS, "0", "Event loop threads; 0 means one per core."),
      new Key(NATIVE_TRANSPORT, "true", "Use Linux epoll for sockets when it is available (Java NIO otherwise, or when false)."),
      new Key(WEBSOCKET_ENGINE, "netty", "What serves WebSocket connections: `netty` (Switchboard's own handler on the socket's "
          + "Netty pipeline, lean per connection) or `vertx` (Vert.x's `ServerWebSocket`, about five times the heap per connection)."),
      new Key(LOOP_AFFINITY, "true", "On the `netty` engine, serve the sockets a profile groups on one event loop (pairing: "
          + "one user's sockets), so messages between them are not handed to another thread; false leaves each socket on the "
          + "loop that accepted it."),
      new Key(CLUSTER_REDIS_URL, "", "Redis URL for cluster mode (broker, presence, channels, rate limits, heartbeats); empty means one node in memory."),
      new Key(CLUSTER_REDIS_PREFIX, "switchboard:", "Prefix of every Redis key and channel this deployment uses."),
      new Key(CLUSTER_NODE_HEARTBEAT, "2000", "With Redis: milliseconds between this node's heartbeats, each also "
          + "checking for dead nodes."),
      new Key(CLUSTER_NODE_TIMEOUT, "10000", "With Redis: a node whose heartbeat is this many milliseconds old is "
          + "dead; its presence entries and bindings are removed by the next live node's check."),
      new Key(CLUSTER_NODE_URL, "", "With Redis: the ws:// or wss:// URL where other nodes reach this node's main "
          + "listener (published in its heartbeat); empty means ws://HOST:PORT from http.host and the bound "
          + "http.port, 127.0.0.1 for a wildcard host."),
      new Key(CLUSTER_SECRET, "", "Secret shared by the cluster's nodes (at least 32 bytes). A node that relays a "
          + "glasses app socket to the node holding its session signs the app's address with it, and the owner "
          + "then counts and checks the relayed socket under that address; empty: relayed sockets count against "
          + "the relaying node's address."),
      new Key(STORE_URL, "", "JDBC URL of the durable store; empty means the embedded H2 file in data.dir. "
          + "A jdbc:postgresql: URL selects PostgreSQL."),
      new Key(STORE_USER, "", "Database user."),
      new Key(STORE_PASSWORD, "", "Database password."),
      new Key(STORE_POOL_SIZE, "8", "JDBC connections, and worker threads that run JDBC."),
      new Key(AUDIT_QUEUE, "100000", "Audit events waiting to be written before new ones are dropped (and counted)."),
      new Key(AUDIT_BATCH, "500", "Audit rows written per batch."),
      new Key(JWT_ALGORITHM, "HS256", "Algorithm user JWTs must use: HS256, RS256, ES256 or EdDSA (Ed25519). Never taken from the token."),
      new Key(JWT_SECRET, "", "HS256 secret for user JWTs; empty means the generated secret in data.dir/jwt-secret."),
      new Key(WS_TOKEN_SECRET, "", "Secret (at least 32 bytes) that signs WS tokens; empty means one shared by the "
          + "cluster through Redis, or data.dir/jwt-secret on a single node."),
      new Key(JWT_PUBLIC_KEY_FILE, "", "PEM public key (SubjectPublicKeyInfo) for RS256, ES256 or EdDSA user JWTs."),
      new Key(JWT_JWKS_URL, "", "JWKS URL for RS256, ES256 or EdDSA user JWTs (instead of a key file)."),
      new Key(JWT_ISSUER, "", "Required `iss` of user JWTs; empty means not checked."),
      new Key(JWT_AUDIENCE, "", "Required `aud` of user JWTs; empty means not checked."),
      new Key(JWT_LEEWAY, "30", "Clock skew allowed on `exp`/`nbf`, in seconds."),
      new Key(JWT_CACHE_SIZE, "10000", "User JWTs remembered as verified (by their exact text, for at most 5 minutes, 1 "
          + "with a JWKS, and never past exp plus the leeway); 0 verifies every use in full."),
      new Key(WS_TOKEN_TTL, "3600", "Lifetime of WS tokens issued by /api/auth/ws-token*, in seconds."),
      new Key(MAX_FRAME, "1048576", "Largest WebSocket frame or message accepted (audio included); larger closes 1009."),
      new Key(MAX_MESSAGE, "65536", "Largest non-audio JSON message; larger gets PAYLOAD_TOO_LARGE."),
      new Key(RATE, "100", "Messages per second each connection may send, sustained."),
      new Key(BURST, "200", "Messages a connection may send in a burst above the sustained rate."),
      new Key(ABUSE, "100", "Consecutive rate-limited messages after which the connection is closed 1008."),
      new Key(PER_IP, "50", "Concurrent WebSocket connections per client IP."),
      new Key(OUT_QUEUE, "1048576", "Bytes queued towards one client before it counts as slow "
          + "(control traffic: close 1013; audio: dropped)."),
      new Key(HEARTBEAT_INTERVAL, "15", "Seconds between heartbeat sweeps; an idle connection gets a ping frame."),
      new Key(HEARTBEAT_MISSED, "3", "Ping frames a silent client may leave unanswered; at the next sweep it is closed 4000."),
      new Key(SHUTDOWN_GRACE, "5", "Seconds a graceful shutdown waits for clients to close after the reconnect hint."),
      new Key(PAIRING_CODE_TTL, "300", "Lifetime of a pairing code, in seconds."),
      new Key(PAIRING_GRACE, "60", "Seconds a paired channel outlives its last member, for reconnects."),
      new Key(PAIRING_SCOPE, "user", "`user`: a code pairs only with the account that generated it; "
          + "`global`: any signed-in mobile may pair."),
      new Key(PAIRING_FAILURES, "5", "Failed pair-device attempts allowed per user and per IP per minute."),
      new Key(PAIRING_GLOBAL_BUDGET, "1000", "Failed pair-device attempts per minute, all clients together, "
          + "beyond which every pair-device answer is slowed and a warning is logged."),
      new Key(PAIRING_SLOWDOWN, "1000", "Delay added to pair-device answers while the global budget is exceeded, in ms."),
      new Key(PAIRING_CODES_PER_MINUTE, "20", "Pairing codes one user may generate per minute."),
      new Key(PAIRING_REPLAY, "100", "Relayed messages a channel keeps for members that rejoin with last_seq."),
      new Key(PAIRING_MAX_DEVICES, "2", "Devices per pairing channel: one desktop and max-devices - 1 mobiles, "
          + "each pairing with the same code (2 to 10000)."),
      new Key(CHANNEL_SWEEP, "1000", "Milliseconds between sweeps that remove expired channels."),
      new Key(DEVICES_REGISTRATION_TIMEOUT, "10", "Seconds a device socket has to send `register` before it is closed 1008."),
      new Key(DEVICES_PROBE_AFTER, "30", "Seconds of silence after which a device gets `heartbeat_probe`."),
      new Key(DEVICES_SILENCE_LIMIT, "300", "Seconds of silence after which a device socket is closed 4000."),
      new Key(DEVICES_COMMAND_TIMEOUT, "30", "Seconds a REST command call waits for the device's result by default."),
      new Key(DEVICES_COMMAND_TIMEOUT_MAX, "300", "Largest `timeout_seconds` a REST command call may ask for."),
      new Key(DEVICES_QUEUE_TTL, "3600", "Seconds a command queued for an offline device waits before it EXPIRES."),
      new Key(DEVICES_IDEMPOTENCY_WINDOW, "300", "Seconds an `idempotency_key` returns the existing command."),
      new Key(DEVICES_MAX_PENDING, "10000", "REST command calls waiting for results at once on this node; more get 503."),
      new Key(DEVICES_MAX_PER_USER, "1000", "Devices one user may register; a new one past it is refused "
          + "(DEVICE_LIMIT_REACHED, close 1008)."),
      new Key(DEVICES_GOVERNANCE, "camera_snap=INTERN,get_location=INTERN,send_notification=INTERN,"
          + "screen_record_start=SUPERVISED,screen_record_stop=SUPERVISED,execute_command=AUTONOMOUS,*=INTERN",
          "Minimum agent maturity per command (STUDENT < INTERN < SUPERVISED < AUTONOMOUS); `*` is any other command."),
      new Key(DEVICES_EXECUTE_ALLOWLIST, "ls,pwd,echo,date,uname,whoami,hostname,uptime,df",
          "Programs `execute_command` may run (the first word of the command)."),
      new Key(GLASSES_SESSION_GRACE, "60", "Seconds a glasses user session (and its running apps) outlives its glasses "
          + "connection, for reconnects."),
      new Key(GLASSES_APP_INIT_TIMEOUT, "5000", "Milliseconds an app socket has to send `tpa_connection_init` before "
          + "it gets `tpa_connection_error` INIT_TIMEOUT and is closed 1008."),
      new Key(GLASSES_APP_WS_URL, "", "WebSocket URL apps are told to connect to in `session_request` "
          + "(`mentraOSWebsocketUrl`); empty means ws://HOST:PORT/app-ws of the main listener."),
      new Key(GLASSES_WEBHOOK_TIMEOUT, "10000", "Milliseconds a webhook call to an app server may take."),
      new Key(GLASSES_WEBHOOK_ATTEMPTS, "2", "Attempts per webhook call before it counts as failed."),
      new Key(GLASSES_WEBHOOK_RETRY_DELAY, "1000", "Milliseconds between webhook attempts."),
      new Key(GLASSES_RESTART_DELAY, "500", "Milliseconds after an app socket drops (without stop_app) before the "
          + "app gets a new `session_request`; doubled for each further attempt."),
      new Key(GLASSES_RESTART_ATTEMPTS, "3", "New `session_request`s sent to an app whose socket dropped, before it "
          + "is given up as stopped."),
      new Key(GLASSES_DISPLAY_INTERVAL, "200", "Minimum milliseconds between two displays of one app on one view; "
          + "requests in between are coalesced, the newest wins."),
      new Key(GLASSES_DISPLAY_TICK, "25", "Milliseconds between display manager ticks (coalesced displays, expiries)."),
      new Key(GLASSES_DEFAULT_LANGUAGE, "en-US", "Language of a transcription that names none."),
      new Key(ASSISTANT_REQUIRE_TOKEN, "false", "Whether the assistant socket (/ws on the main listener) needs a user "
          + "JWT (`?token=` or `Authorization: Bearer`); the seed's clients send none."),
      new Key(ASSISTANT_MEMORY, "20", "Messages (questions and answers) the assistant remembers per connection."),
      new Key(ASSISTANT_TEAM, "default", "The knowledge-base team the assistant answers from."),
      new Key(NEXUS_AUTH_TIMEOUT, "10", "Seconds a nexus socket has to authenticate before it is closed 1008."),
      new Key(NEXUS_MEMORY, "20", "Messages (questions and answers) nexus remembers per connection."),
      new Key(NEXUS_DEFAULT_TEAM, "default", "The knowledge-base team of an `ask` without `team_id`."),
      new Key(PROVIDER_ENGINE, "builtin", "Answering engine: `builtin` (retrieval over the knowledge base, no network) "
          + "or `openai` (any OpenAI-compatible /chat/completions server, given the retrieved passages)."),
      new Key(PROVIDER_TIMEOUT, "30000", "Milliseconds an answer may take before the client gets a timeout error "
          + "and the engine's call is cancelled."),
      new Key(PROVIDER_IN_FLIGHT, "4", "Questions one connection may have waiting for answers at once."),
      new Key(PROVIDER_PASSAGES, "4", "Knowledge-base passages retrieved per question."),
      new Key(KNOWLEDGE_DIR, "", "Directory of the knowledge index; empty means data.dir/knowledge."),
      new Key(KNOWLEDGE_BUNDLED, "true", "Load the bundled mixing-engineering knowledge base at start."),
      new Key(KNOWLEDGE_BUNDLED_TEAM, "default", "The team the bundled knowledge base is loaded into."),
      new Key(OPENAI_BASE_URL, "https://api.openai.com/v1", "API root of the OpenAI-compatible server; requests go "
          + "to <base-url>/chat/completions."),
      new Key(OPENAI_API_KEY, "", "API key sent as `Authorization: Bearer`; empty sends none (local servers)."),
      new Key(OPENAI_MODEL, "gpt-4o-mini", "The model every request names."),
      new Key(OPENAI_SYSTEM_PROMPT, "You are a concise, practical assistant. Answer from the numbered passages "
          + "when they are relevant and say so when they are not.", "Instructions every conversation starts with."),
      new Key(OPENAI_MAX_TOKENS, "512", "`max_tokens` of every request.")
  );

  private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();

  static {
    for (Key k : ALL) {
      BY_NAME.put(k.name(), k);
    }
  }

  static void require(String key) {
    if (!BY_NAME.containsKey(key)) {
      throw new ConfigException("unknown configuration key '" + key + "'");
    }
  }

  /** The environment variable that sets a key: pairing.code-ttl-seconds → SWITCHBOARD_PAIRING_CODE_TTL_SECONDS. */
  public static String environmentName(String key) {
    return Config.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static String fromEnvironmentName(String env) {
    for (Key k : ALL) {
      if (environmentName(k.name()).equals(env)) {
        return k.name();
      }
    }
    return null;
  }
}
