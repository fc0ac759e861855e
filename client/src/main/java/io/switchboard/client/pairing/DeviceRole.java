package io.switchboard.client.pairing;

/** The two ends of a pair, and the REST path that issues each one's WS token. */
public enum DeviceRole {
  DESKTOP("desktop", "/api/auth/ws-token"),
  MOBILE("mobile", "/api/auth/ws-token-mobile");

  private final String wire;
  private final String tokenPath;

  DeviceRole(String wire, String tokenPath) {
    this.wire = wire;
    this.tokenPath = tokenPath;
  }

  /** The {@code device_type} on the wire. */
  public String wire() {
    return wire;
  }

  public String tokenPath() {
    return tokenPath;
  }
}
