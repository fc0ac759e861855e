package io.switchboard.profile.pairing;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import java.time.Duration;

/** The pairing profile's configuration. */
record PairingSettings(Duration codeTtl, Duration grace, boolean userScope, int maxFailuresPerMinute,
    int globalFailureBudget, Duration globalSlowdown, int codesPerUserPerMinute, int replayBuffer) {

  static PairingSettings from(Config c) {
    String scope = c.string(Keys.PAIRING_SCOPE).trim();
    if (!scope.equals("user") && !scope.equals("global")) {
      throw new ConfigException(Keys.PAIRING_SCOPE + " must be user or global, got " + scope);
    }
    return new PairingSettings(c.seconds(Keys.PAIRING_CODE_TTL), c.seconds(Keys.PAIRING_GRACE),
        scope.equals("user"), c.integer(Keys.PAIRING_FAILURES), c.integer(Keys.PAIRING_GLOBAL_BUDGET),
        c.millis(Keys.PAIRING_SLOWDOWN), c.integer(Keys.PAIRING_CODES_PER_MINUTE), c.integer(Keys.PAIRING_REPLAY));
  }
}
