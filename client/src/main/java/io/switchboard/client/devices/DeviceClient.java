package io.switchboard.client.devices;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Registration;
import io.switchboard.client.StateChange;
import io.switchboard.client.devices.impl.DeviceClientImpl;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A device of the devices profile (seed 004): registers on every connection, answers the commands
 * the server sends with the handlers given, keeps its heartbeat, and reconnects with backoff.
 * Commands queued for it while it was offline arrive after it registers, in order.
 *
 * <p>Threads: every method is thread-safe and non-blocking. Handlers run on the client's callback
 * executor (never an event loop), one command at a time in arrival order unless a handler returns an
 * incomplete stage, in which case the next command starts at once and each result is sent when its
 * stage completes.
 */
public interface DeviceClient {
  static DeviceClient create(DeviceOptions options) {
    return DeviceClientImpl.create(null, options);
  }

  static DeviceClient create(Vertx vertx, DeviceOptions options) {
    return DeviceClientImpl.create(vertx, options);
  }

  /** Handles one command name; replaces an earlier handler for it. */
  Registration onCommand(String command, CommandHandler handler);

  /** Handles commands without a handler of their own (default: fail with "unsupported command"). */
  Registration onAnyCommand(CommandHandler handler);

  /**
   * Connects and registers; completes once registered. The server's final refusals of the device
   * ({@code DEVICE_OWNED_BY_ANOTHER_USER}, {@code DEVICE_LIMIT_REACHED}, and {@code DEVICE_REMOVED}
   * when its owner removes it while connected) stop the client instead of being retried: the state
   * becomes {@link ConnectionState#CLOSED} and this future, and any later call, fails with a
   * {@link io.switchboard.client.ServerErrorException} carrying the refusal.
   */
  CompletableFuture<Void> connect();

  ConnectionState state();

  Registration onStateChange(Consumer<StateChange> listener);

  /** Stops reconnecting and closes, after the results of commands being answered are sent (at most 5 s). */
  CompletableFuture<Void> close();
}
