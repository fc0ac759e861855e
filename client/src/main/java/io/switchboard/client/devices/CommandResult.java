package io.switchboard.client.devices;

import com.fasterxml.jackson.databind.JsonNode;

/** A device's answer to a command. */
public record CommandResult(boolean success, JsonNode data, String filePath, String error) {
  public static CommandResult ok(JsonNode data) {
    return new CommandResult(true, data, null, null);
  }

  public static CommandResult ok(JsonNode data, String filePath) {
    return new CommandResult(true, data, filePath, null);
  }

  public static CommandResult failed(String error) {
    return new CommandResult(false, null, null, error);
  }
}
