package io.switchboard.profile.assistant;

import io.switchboard.core.Hub;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.provider.Answering;

/** The assistant profile (seed 001): chat, status and track analysis on WS /ws of the main listener. */
public final class AssistantProfile {
  public static final String NAME = "assistant";
  public static final String WS_PATH = "/ws";

  private final AssistantSocket socket;

  public AssistantProfile(Hub hub, Answering answering) {
    this.socket = new AssistantSocket(hub, AssistantSettings.from(hub.config()), answering);
  }

  public SocketEndpoint endpoint() {
    return socket;
  }

  /** Assistant connections open on this node. */
  public int activeConnections() {
    return socket.active();
  }
}
