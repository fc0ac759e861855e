package io.switchboard.profile.devices;

/** A command's life: QUEUED → SENT → one of the final states. */
public enum CommandStatus {
  QUEUED, SENT, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, CANCELED, EXPIRED;

  public boolean isFinal() {
    return this != QUEUED && this != SENT;
  }
}
