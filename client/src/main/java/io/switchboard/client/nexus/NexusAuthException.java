package io.switchboard.client.nexus;

import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import io.switchboard.protocol.ErrorCode;
import java.util.Set;

/**
 * The server refused to authenticate the client. {@link #code()} is the server's code:
 * {@code INVALID_API_KEY}, {@code UNKNOWN_PUBLIC_KEY}, {@code INVALID_SIGNATURE},
 * {@code INVALID_MESSAGE} (the credential is malformed), {@code INVALID_CHALLENGE},
 * {@code AUTH_TIMEOUT}, ...
 *
 * <p>A {@linkplain #permanent() permanent} refusal would be repeated on every attempt with the same
 * credential, so the client stops: {@code connect()}, queued messages and later calls fail with
 * this exception and the state is {@link io.switchboard.client.ConnectionState#FAILED}. Any other
 * refusal ({@code AUTH_TIMEOUT}, {@code INVALID_CHALLENGE}, ...) fails only that attempt, which is
 * retried with backoff.
 */
public class NexusAuthException extends ServerErrorException {
  private static final long serialVersionUID = 1L;
  private static final Set<String> PERMANENT = Set.of(ErrorCode.INVALID_API_KEY, ErrorCode.UNKNOWN_PUBLIC_KEY,
      ErrorCode.INVALID_SIGNATURE, ErrorCode.INVALID_MESSAGE, ErrorCode.UNAUTHORIZED);

  public NexusAuthException(ServerError error) {
    super(error);
  }

  /** Whether retrying with the same credential cannot succeed. */
  public boolean permanent() {
    return PERMANENT.contains(code());
  }
}
