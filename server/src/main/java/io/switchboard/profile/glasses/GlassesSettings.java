package io.switchboard.profile.glasses;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import java.time.Duration;

/** The glasses profile's configuration. */
record GlassesSettings(Duration sessionGrace, Duration appInitTimeout, String appWebSocketUrl, Duration webhookTimeout,
    int webhookAttempts, Duration webhookRetryDelay, Duration restartDelay, int restartAttempts,
    Duration displayInterval, Duration displayTick, String defaultLanguage) {

  static GlassesSettings from(Config c) {
    return new GlassesSettings(c.seconds(Keys.GLASSES_SESSION_GRACE), c.millis(Keys.GLASSES_APP_INIT_TIMEOUT),
        c.string(Keys.GLASSES_APP_WS_URL).trim(), c.millis(Keys.GLASSES_WEBHOOK_TIMEOUT),
        Math.max(1, c.integer(Keys.GLASSES_WEBHOOK_ATTEMPTS)), c.millis(Keys.GLASSES_WEBHOOK_RETRY_DELAY),
        c.millis(Keys.GLASSES_RESTART_DELAY), c.integer(Keys.GLASSES_RESTART_ATTEMPTS),
        c.millis(Keys.GLASSES_DISPLAY_INTERVAL), c.millis(Keys.GLASSES_DISPLAY_TICK),
        c.string(Keys.GLASSES_DEFAULT_LANGUAGE).trim());
  }
}
