package io.switchboard.profile.pairing;

import java.util.List;

/** Naming of pairing channels and their two slots. */
final class PairingChannels {
  static final String DESKTOP = "desktop";
  static final String MOBILE = "mobile";
  static final List<String> SLOTS = List.of(DESKTOP, MOBILE);
  static final String PREFIX = "pair-";

  private PairingChannels() {}

  static String name(String code) {
    return PREFIX + code;
  }

  static String topic(String channel) {
    return "pairing:" + channel;
  }
}
