package io.switchboard.protocol;

/** WebSocket close codes Switchboard uses, as listed in the wire contract. */
public final class CloseCodes {
  private CloseCodes() {}

  public static final short NORMAL = 1000;
  public static final short GOING_AWAY = 1001;
  public static final short INVALID_DATA = 1007;
  public static final short POLICY = 1008;
  public static final short TOO_BIG = 1009;
  public static final short INTERNAL = 1011;
  public static final short SLOW_CONSUMER = 1013;
  public static final short HEARTBEAT_LOST = 4000;
  public static final short CREDENTIAL_EXPIRED = 4001;
}
