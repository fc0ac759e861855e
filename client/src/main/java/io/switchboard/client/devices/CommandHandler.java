package io.switchboard.client.devices;

import java.util.concurrent.CompletionStage;

/** Runs one command and yields its result; may complete later (the device works asynchronously). */
@FunctionalInterface
public interface CommandHandler {
  CompletionStage<CommandResult> handle(DeviceCommand command);
}
