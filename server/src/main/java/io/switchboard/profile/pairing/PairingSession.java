package io.switchboard.profile.pairing;

import io.switchboard.core.broker.Broker;

/** One pairing connection's state; touched only on its connection's event loop. */
final class PairingSession {
  String deviceType;
  String sessionId;
  String channel;
  Broker.Subscription subscription;

  boolean identified() {
    return sessionId != null;
  }
}
