package io.switchboard.protocol;

/**
 * The stable machine codes carried by every error Switchboard sends, on any profile.
 * Clients switch on these strings; they never change meaning once published.
 */
public final class ErrorCode {
  private ErrorCode() {}

  // common to every profile
  public static final String INVALID_JSON = "INVALID_JSON";
  public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String INVALID_TOKEN = "INVALID_TOKEN";
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String INTERNAL = "INTERNAL";

  // pairing (seed 000)
  public static final String INVALID_CHANNEL = "INVALID_CHANNEL";
  public static final String CHANNEL_FULL = "CHANNEL_FULL";
  public static final String INVALID_CODE_FORMAT = "INVALID_CODE_FORMAT";
  public static final String CODE_NOT_FOUND = "CODE_NOT_FOUND";
  public static final String NOT_IDENTIFIED = "NOT_IDENTIFIED";

  // glasses (seed 003) and nexus (seed 002)
  public static final String INVALID_API_KEY = "INVALID_API_KEY";

  // glasses (seed 003)
  public static final String UNKNOWN_PACKAGE = "UNKNOWN_PACKAGE";
  public static final String NO_ACTIVE_SESSION = "NO_ACTIVE_SESSION";
  public static final String APP_NOT_STARTED = "APP_NOT_STARTED";
  public static final String INIT_TIMEOUT = "INIT_TIMEOUT";
  public static final String NOT_INITIALIZED = "NOT_INITIALIZED";

  // answering engines (assistant, nexus: seeds 001, 002)
  public static final String PROVIDER_ERROR = "PROVIDER_ERROR";
  public static final String PROVIDER_TIMEOUT = "PROVIDER_TIMEOUT";
  public static final String PROVIDER_BUSY = "PROVIDER_BUSY";

  // nexus authentication (seed 002)
  public static final String INVALID_SIGNATURE = "INVALID_SIGNATURE";
  public static final String INVALID_CHALLENGE = "INVALID_CHALLENGE";
  public static final String UNKNOWN_PUBLIC_KEY = "UNKNOWN_PUBLIC_KEY";
  public static final String AUTH_TIMEOUT = "AUTH_TIMEOUT";
  public static final String ALREADY_AUTHENTICATED = "ALREADY_AUTHENTICATED";
  public static final String TEAM_NOT_ALLOWED = "TEAM_NOT_ALLOWED";
}
