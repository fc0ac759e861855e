package io.switchboard.profile.devices;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Commands as durable executions; every status change is stored with its time. */
public interface CommandRepository {
  Future<Void> insert(Command command);

  /**
   * Stores a new QUEUED command and moves it to SENT at {@code sentAt}, in one transaction (both
   * transitions are kept); returns the SENT command.
   */
  Future<Command> insertSent(Command queued, Instant sentAt);

  /**
   * Moves a command to a new state if it is currently in one of {@code from}; stores the outcome
   * fields given and a transition row. Returns the updated command, or null when it was not in
   * one of those states (the caller lost a race, nothing changed).
   */
  Future<Command> transition(Command updated, List<CommandStatus> from, String note);

  /**
   * Stores a device's result for one of its commands, in one transaction: a SENT command ends
   * SUCCEEDED or FAILED; one that had ended already keeps its status and the result is recorded as
   * late, once. Null when the device has no command of that id.
   */
  Future<Recorded> recordResult(String commandId, String deviceId, boolean success, String result, String filePath,
      String error, Instant at);

  Future<Command> find(String commandId);

  Future<Command> findByIdempotencyKey(String ownerId, String key, Instant since);

  /**
   * Queued, unexpired commands for a device made by its owner, oldest first: a device id that
   * passed to another user never gets the previous owner's commands.
   */
  Future<List<Command>> queued(String deviceId, String ownerId, Instant now);

  /** Marks queued commands past their expiry EXPIRED; returns them. */
  Future<List<Command>> expireQueued(Instant now);

  /** Commands SENT at or before {@code sentBefore} are ended TIMED_OUT with a note; returns how many. */
  Future<Integer> endInFlight(Instant sentBefore, Instant now, String note);

  /** The transitions of a command, oldest first: status and time. */
  Future<List<Transition>> transitions(String commandId);

  /**
   * A result stored: the command as it was before, and as it is now (null when a result had been
   * recorded for it already, so nothing changed).
   */
  record Recorded(Command before, Command done) {}

  /** One stored status change. */
  record Transition(CommandStatus status, Instant at, String note) {}
}
