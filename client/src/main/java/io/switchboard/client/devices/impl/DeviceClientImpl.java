package io.switchboard.client.devices.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Credentials;
import io.switchboard.client.Handshake;
import io.switchboard.client.Keepalive;
import io.switchboard.client.Registration;
import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.SocketOptions;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardSocket;
import io.switchboard.client.devices.CommandHandler;
import io.switchboard.client.devices.CommandResult;
import io.switchboard.client.devices.DeviceClient;
import io.switchboard.client.devices.DeviceCommand;
import io.switchboard.client.devices.DeviceOptions;
import io.switchboard.client.impl.Callbacks;
import io.switchboard.protocol.Json;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link DeviceClient} on the generic socket: the register handshake, commands, heartbeats. */
public final class DeviceClientImpl implements DeviceClient {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceClientImpl.class);
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
  /** Refusals that registering again would only repeat: the client stops on them. */
  static final Set<String> FINAL_REFUSALS = Set.of("DEVICE_OWNED_BY_ANOTHER_USER", "DEVICE_LIMIT_REACHED",
      "DEVICE_REMOVED");

  private final DeviceOptions options;
  private final SwitchboardSocket socket;
  private final ConcurrentHashMap<String, CommandHandler> handlers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger answering = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> idle =
      new java.util.concurrent.atomic.AtomicReference<>();
  /** The final refusal that stopped the client, if one did. */
  private final java.util.concurrent.atomic.AtomicReference<ServerErrorException> refused =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile CommandHandler fallback = c -> CompletableFuture.completedFuture(
      CommandResult.failed("unsupported command: " + c.command()));

  private DeviceClientImpl(Vertx vertx, DeviceOptions options) {
    this.options = options;
    SocketOptions socketOptions = SocketOptions.builder(options.url())
        .alternateUrls(options.alternateUrls())
        .credentials(Credentials.queryToken(options.userToken()))
        .backoff(options.backoff())
        .keepalive(Keepalive.json(options.heartbeat(), options.heartbeatTimeout(),
            seq -> Json.object().put("type", "heartbeat"),
            (msg, seq) -> "heartbeat_ack".equals(msg.path("type").asText())))
        .handshake(this::register)
        .build();
    this.socket = vertx == null ? SwitchboardSocket.create(socketOptions) : SwitchboardSocket.create(vertx, socketOptions);
    socket.on("command", this::command);
    socket.on("heartbeat_probe", probe -> socket.trySend(Json.object().put("type", "heartbeat")));
    socket.on("error", this::error);
  }

  public static DeviceClient create(Vertx vertx, DeviceOptions options) {
    return new DeviceClientImpl(vertx, options);
  }

  private CompletionStage<Void> register(Handshake.Session session) {
    ObjectNode info = Json.object().put("name", options.info().name()).put("node_type", options.info().nodeType())
        .put("platform", options.info().platform()).put("platform_version", options.info().platformVersion())
        .put("architecture", options.info().architecture());
    info.set("capabilities", Json.MAPPER.valueToTree(options.info().capabilities()));
    ObjectNode register = Json.object().put("type", "register").put("device_node_id", options.deviceId());
    register.set("device_info", info);
    return session.request(register, msg -> "registered".equals(msg.path("type").asText())
        || "error".equals(msg.path("type").asText()), REGISTER_TIMEOUT).handle((reply, e) -> {
          if (e == null) {
            return null;
          }
          Throwable cause = Callbacks.unwrap(e);
          if (cause instanceof ServerErrorException se && FINAL_REFUSALS.contains(se.error().code())) {
            stop(se);
          }
          throw new CompletionException(cause);
        });
  }

  /** An error outside a request: the owner removing the device stops the client. */
  private void error(JsonNode msg) {
    ServerError e = ServerError.fromMessage(msg);
    if (FINAL_REFUSALS.contains(e.code())) {
      stop(new ServerErrorException(e));
    }
  }

  private void stop(ServerErrorException why) {
    if (refused.compareAndSet(null, why)) {
      LOG.warn("device {} refused ({}: {}); the client stops", options.deviceId(), why.error().code(),
          why.error().message());
      socket.close();
    }
  }

  private void command(JsonNode msg) {
    answering.incrementAndGet();
    DeviceCommand cmd = new DeviceCommand(msg.path("command_id").asText(), msg.path("command").asText(),
        msg.path("params"), msg.path("timestamp").asText(null));
    CommandHandler h = handlers.getOrDefault(cmd.command(), fallback);
    CompletionStage<CommandResult> result;
    try {
      result = h.handle(cmd);
    } catch (RuntimeException e) {
      result = CompletableFuture.completedFuture(CommandResult.failed(String.valueOf(e.getMessage())));
    }
    result.whenComplete((r, err) -> reply(cmd, err == null ? r : CommandResult.failed(String.valueOf(err))));
  }

  private void reply(DeviceCommand cmd, CommandResult r) {
    ObjectNode out = Json.object().put("type", "result").put("command_id", cmd.id()).put("success", r.success());
    if (r.data() != null) {
      out.set("data", r.data());
    }
    if (r.filePath() != null) {
      out.put("file_path", r.filePath());
    }
    if (r.error() != null) {
      out.put("error", r.error());
    }
    out.put("timestamp", Json.time(java.time.Instant.now()));
    socket.send(out).whenComplete((v, e) -> {
      if (answering.decrementAndGet() == 0) {
        CompletableFuture<Void> w = idle.getAndSet(null);
        if (w != null) {
          w.complete(null);
        }
      }
    });
  }

  @Override
  public Registration onCommand(String command, CommandHandler handler) {
    handlers.put(command, handler);
    return () -> handlers.remove(command, handler);
  }

  @Override
  public Registration onAnyCommand(CommandHandler handler) {
    CommandHandler previous = fallback;
    fallback = handler;
    return () -> fallback = previous;
  }

  @Override
  public CompletableFuture<Void> connect() {
    ServerErrorException r = refused.get();
    if (r != null) {
      return CompletableFuture.failedFuture(r);
    }
    return socket.connect().handle((v, e) -> {
      if (e == null) {
        return null;
      }
      // the close a final refusal caused is reported as that refusal
      ServerErrorException why = refused.get();
      throw new CompletionException(why != null ? why : Callbacks.unwrap(e));
    });
  }

  @Override
  public ConnectionState state() {
    return socket.state();
  }

  @Override
  public Registration onStateChange(Consumer<StateChange> listener) {
    return socket.onStateChange(listener);
  }

  /** Closes once the commands being answered have had their results sent (at most 5 s). */
  @Override
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    idle.set(drained);
    if (answering.get() == 0) {
      drained.complete(null);
    }
    return drained.completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS)
        .thenCompose(v -> socket.close());
  }
}
