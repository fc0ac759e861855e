package io.switchboard.core.auth;

/**
 * Who is on the other end of a request or socket.
 *
 * @param userId the user (JWT {@code sub}, falling back to {@code email})
 * @param deviceType for WS tokens, the device kind they were issued for (desktop|mobile); else null
 * @param kind which credential proved it
 */
public record Principal(String userId, String deviceType, Kind kind) {
  /**
   * The credential kinds; for {@code API_KEY}, {@code userId} names the app, service or user the key
   * belongs to; {@code PUBLIC_KEY} is an Ed25519 challenge answered by a registered key.
   */
  public enum Kind { USER_JWT, WS_TOKEN, API_KEY, PUBLIC_KEY }
}
