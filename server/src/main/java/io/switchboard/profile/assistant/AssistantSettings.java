package io.switchboard.profile.assistant;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;

/** The assistant profile's configuration. */
record AssistantSettings(boolean requireToken, int memoryMessages, String team) {
  static AssistantSettings from(Config c) {
    return new AssistantSettings(c.bool(Keys.ASSISTANT_REQUIRE_TOKEN), c.integer(Keys.ASSISTANT_MEMORY),
        c.string(Keys.ASSISTANT_TEAM));
  }
}
