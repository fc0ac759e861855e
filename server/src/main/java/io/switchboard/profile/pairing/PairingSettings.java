package io.switchboard.profile.pairing;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import java.time.Duration;

/** The pairing profile's configuration. */
record PairingSettings(Duration codeTtl, Duration grace, boolean userScope, int maxFailuresPerMinute,
    int globalFailureBudget, Duration globalSlowdown, int codesPerUserPerMinute, int replayBuffer, int maxDevices) {
  /** Devices one channel may hold at most; bounded so a channel's view stays a reasonable size. */
  static final int MAX_DEVICES_LIMIT = 10_000;

  /** More than one mobile slot per channel. */
  boolean groups() {
    return maxDevices > 2;
  }

  static PairingSettings from(Config c) {
    String scope = c.string(Keys.PAIRING_SCOPE).trim();
    if (!scope.equals("user") && !scope.equals("global")) {
      throw new ConfigException(Keys.PAIRING_SCOPE + " must be user or global, got " + scope);
    }
    int maxDevices = c.integer(Keys.PAIRING_MAX_DEVICES);
    if (maxDevices < 2 || maxDevices > MAX_DEVICES_LIMIT) {
      throw new ConfigException(Keys.PAIRING_MAX_DEVICES + " must be between 2 and " + MAX_DEVICES_LIMIT
          + " (one desktop and at least one mobile), got " + maxDevices);
    }
    return new PairingSettings(c.seconds(Keys.PAIRING_CODE_TTL), c.seconds(Keys.PAIRING_GRACE),
        scope.equals("user"), c.integer(Keys.PAIRING_FAILURES), c.integer(Keys.PAIRING_GLOBAL_BUDGET),
        c.millis(Keys.PAIRING_SLOWDOWN), c.integer(Keys.PAIRING_CODES_PER_MINUTE), c.integer(Keys.PAIRING_REPLAY),
        maxDevices);
  }
}
