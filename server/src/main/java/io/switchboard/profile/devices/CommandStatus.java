package io.switchboard.profile.devices;

/**
 * A command's life: QUEUED → SENT → one of the final states. A SENT command that no connection of
 * its device received goes back to QUEUED, or ends UNDELIVERED when it was not to be queued.
 */
public enum CommandStatus {
  QUEUED, SENT, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, CANCELED, EXPIRED, UNDELIVERED;

  public boolean isFinal() {
    return this != QUEUED && this != SENT;
  }
}
