package io.switchboard.profile.nexus;

import io.switchboard.core.Hub;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.provider.Answering;

/** The nexus profile (seed 002): authenticated {@code ask} over WS {@code /} of the main listener. */
public final class NexusProfile {
  public static final String NAME = "nexus";
  public static final String WS_PATH = "/";

  private final NexusSocket socket;

  public NexusProfile(Hub hub, Answering answering, ServiceKeyRepository keys, PublicKeyRepository publicKeys) {
    this.socket = new NexusSocket(hub, NexusSettings.from(hub.config()), new NexusAuth(keys, publicKeys), answering);
  }

  public SocketEndpoint endpoint() {
    return socket;
  }
}
