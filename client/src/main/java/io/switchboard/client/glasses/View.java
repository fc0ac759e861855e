package io.switchboard.client.glasses;

/** A view of the glasses' display. */
public enum View {
  MAIN("main"),
  DASHBOARD("dashboard");

  private final String wire;

  View(String wire) {
    this.wire = wire;
  }

  /** The name on the wire: {@code main} or {@code dashboard}. */
  public String wire() {
    return wire;
  }

  /** The view of a wire name; {@link #MAIN} for null or an unknown name. */
  public static View of(String wire) {
    return "dashboard".equals(wire) ? DASHBOARD : MAIN;
  }
}
