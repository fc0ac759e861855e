package io.switchboard.profile.nexus;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import java.time.Duration;

/** The nexus profile's configuration. */
record NexusSettings(Duration authTimeout, int memoryMessages, String defaultTeam) {
  static NexusSettings from(Config c) {
    return new NexusSettings(c.seconds(Keys.NEXUS_AUTH_TIMEOUT), c.integer(Keys.NEXUS_MEMORY),
        c.string(Keys.NEXUS_DEFAULT_TEAM));
  }
}
