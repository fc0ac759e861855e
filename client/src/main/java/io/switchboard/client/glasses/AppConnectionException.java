package io.switchboard.client.glasses;

import io.switchboard.client.ServerError;
import io.switchboard.client.ServerErrorException;
import java.util.Set;

/**
 * The server refused an app's {@code tpa_connection_init} with {@code tpa_connection_error}.
 * {@link #code()} is one of the constants below (or another code the server may add).
 */
public class AppConnectionException extends ServerErrorException {
  private static final long serialVersionUID = 1L;

  /** No key, a wrong key, a key of another package, or a system app's key from an address not allowed. */
  public static final String INVALID_API_KEY = "INVALID_API_KEY";
  /** The package is not registered. */
  public static final String UNKNOWN_PACKAGE = "UNKNOWN_PACKAGE";
  /** The session id does not end with {@code -<packageName>} or names no live user session. */
  public static final String NO_ACTIVE_SESSION = "NO_ACTIVE_SESSION";
  /** The user session exists but the app was not started in it (or was stopped). */
  public static final String APP_NOT_STARTED = "APP_NOT_STARTED";
  /** No {@code tpa_connection_init} arrived in time. */
  public static final String INIT_TIMEOUT = "INIT_TIMEOUT";
  /** The init was malformed. */
  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";

  private static final Set<String> PERMANENT = Set.of(INVALID_API_KEY, UNKNOWN_PACKAGE, NO_ACTIVE_SESSION,
      APP_NOT_STARTED, INVALID_MESSAGE);

  public AppConnectionException(ServerError error) {
    super(error);
  }

  /**
   * Whether trying again cannot help (every code above but {@code INIT_TIMEOUT}): the client then
   * stops and closes. Other refusals fail only that attempt, which is retried with backoff.
   */
  public boolean permanent() {
    return PERMANENT.contains(code());
  }
}
