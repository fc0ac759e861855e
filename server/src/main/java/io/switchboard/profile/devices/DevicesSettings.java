package io.switchboard.profile.devices;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import java.time.Duration;
import java.util.List;

/** The devices profile's configuration; {@code clustered} when other nodes share the store and broker. */
record DevicesSettings(Duration registrationTimeout, Duration probeAfter, Duration silenceLimit,
    Duration commandTimeout, Duration commandTimeoutMax, Duration queueTtl, Duration idempotencyWindow,
    int maxPending, int maxPerUser, Governance governance, boolean clustered) {

  static DevicesSettings from(Config c) {
    return new DevicesSettings(c.seconds(Keys.DEVICES_REGISTRATION_TIMEOUT), c.seconds(Keys.DEVICES_PROBE_AFTER),
        c.seconds(Keys.DEVICES_SILENCE_LIMIT), c.seconds(Keys.DEVICES_COMMAND_TIMEOUT),
        c.seconds(Keys.DEVICES_COMMAND_TIMEOUT_MAX), c.seconds(Keys.DEVICES_QUEUE_TTL),
        c.seconds(Keys.DEVICES_IDEMPOTENCY_WINDOW), c.integer(Keys.DEVICES_MAX_PENDING),
        positive(c, Keys.DEVICES_MAX_PER_USER), Governance.parse(c.string(Keys.DEVICES_GOVERNANCE), c.list(Keys.DEVICES_EXECUTE_ALLOWLIST)),
        !c.string(Keys.CLUSTER_REDIS_URL).isBlank());
  }

  private static int positive(Config c, String key) {
    int v = c.integer(key);
    if (v < 1) {
      throw new ConfigException(key + " must be at least 1, got " + v);
    }
    return v;
  }

  static List<String> maturityNames() {
    return java.util.Arrays.stream(Maturity.values()).map(Enum::name).toList();
  }
}
