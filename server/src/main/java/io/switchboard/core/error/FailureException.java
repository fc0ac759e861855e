package io.switchboard.core.error;

/** Carries a {@link Failure} through a failed Future; no stack trace, it is not a bug. */
public final class FailureException extends RuntimeException {
  private final Failure failure;

  public FailureException(Failure failure) {
    super(failure.code() + ": " + failure.message(), null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
