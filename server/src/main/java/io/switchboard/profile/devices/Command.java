package io.switchboard.profile.devices;

import java.time.Instant;

/**
 * A command as stored: what was asked of which device by whom, where it is in its life, and the
 * device's answer. {@code params} and {@code result} are JSON text.
 */
public record Command(String id, String deviceId, String ownerId, String agentId, String command, String params,
    CommandStatus status, String idempotencyKey, Instant createdAt, Instant updatedAt, Instant expiresAt,
    Boolean success, String result, String filePath, String error, boolean lateResult) {

  public Command withStatus(CommandStatus s, Instant at) {
    return new Command(id, deviceId, ownerId, agentId, command, params, s, idempotencyKey, createdAt, at, expiresAt,
        success, result, filePath, error, lateResult);
  }

  public Command withOutcome(CommandStatus s, Instant at, Boolean ok, String resultJson, String path, String err,
      boolean late) {
    return new Command(id, deviceId, ownerId, agentId, command, params, s, idempotencyKey, createdAt, at, expiresAt,
        ok, resultJson, path, err, late);
  }
}
