package io.switchboard.profile.devices;

import io.switchboard.core.auth.Principal;
import io.switchboard.core.broker.Broker;

/** One device connection's state; touched on its event loop (and read by the sweep). */
final class DeviceSession {
  final Principal user;
  volatile String deviceId;
  Broker.Subscription subscription;
  /** Set once the device was told {@code registered}; queue nudges before that are covered by the first drain. */
  boolean registered;
  boolean draining;
  boolean drainAgain;
  boolean closed;

  DeviceSession(Principal user) {
    this.user = user;
  }
}
