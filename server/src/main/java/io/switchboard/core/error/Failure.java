package io.switchboard.core.error;

import java.util.Map;

/**
 * An expected failure as a value: a stable {@code code} from {@link io.switchboard.protocol.ErrorCode},
 * a human {@code message}, and {@code details} a client can act on (may be empty).
 */
public record Failure(String code, String message, Map<String, Object> details) {
  public Failure {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public static Failure of(String code, String message) {
    return new Failure(code, message, Map.of());
  }

  public static Failure of(String code, String message, Map<String, Object> details) {
    return new Failure(code, message, details);
  }

  /** Wraps this failure so it can travel as the cause of a failed Future. */
  public FailureException asException() {
    return new FailureException(this);
  }
}
