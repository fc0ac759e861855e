package io.switchboard.profile.pairing;

import io.switchboard.core.broker.Broker;

/** One pairing connection's state; touched only on its connection's event loop. */
final class PairingSession {
  String deviceType;
  String sessionId;
  String channel;
  /** The broker topic of {@link #channel}, kept so relaying does not build it per message. */
  String topic;
  Broker.Subscription subscription;

  boolean identified() {
    return sessionId != null;
  }
}
