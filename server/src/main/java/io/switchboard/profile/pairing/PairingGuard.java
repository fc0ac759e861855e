package io.switchboard.profile.pairing;

import io.switchboard.core.limits.WindowCounter;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds code guessing: failed pair-device attempts per user and per IP per minute, and a global
 * budget per minute beyond which every answer is slowed and a warning logged. Also bounds code
 * generation per user.
 */
final class PairingGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PairingGuard.class);
  private static final long MINUTE = 60_000;

  private final PairingSettings settings;
  private final WindowCounter failuresByUser;
  private final WindowCounter failuresByIp;
  private final WindowCounter failuresGlobal;
  private final WindowCounter codesByUser;

  PairingGuard(PairingSettings settings, Clock clock) {
    this.settings = settings;
    this.failuresByUser = new WindowCounter(clock, MINUTE);
    this.failuresByIp = new WindowCounter(clock, MINUTE);
    this.failuresGlobal = new WindowCounter(clock, MINUTE);
    this.codesByUser = new WindowCounter(clock, MINUTE);
  }

  /**
   * Takes one failed-attempt slot for the user and for the IP before the attempt is tried, so
   * concurrent attempts can never exceed the bound. False (and nothing taken) when either has no
   * slot left this minute. A slot is given back with {@link #release} when the attempt succeeds.
   */
  boolean reserve(String user, String ip) {
    long byUser = failuresByUser.increment(user);
    long byIp = failuresByIp.increment(ip);
    if (byUser > settings.maxFailuresPerMinute() || byIp > settings.maxFailuresPerMinute()) {
      release(user, ip);
      return false;
    }
    return true;
  }

  void release(String user, String ip) {
    failuresByUser.decrement(user);
    failuresByIp.decrement(ip);
  }

  long retryAfterMillis() {
    return failuresByUser.millisUntilReset();
  }

  /** Counts a failed attempt (its per-user and per-IP slots are kept) against the global budget. */
  void confirmFailure() {
    long global = failuresGlobal.increment("*");
    if (global == settings.globalFailureBudget() + 1) {
      LOG.warn("SECURITY: more than {} failed pairing attempts this minute across all clients; "
          + "slowing every pair-device answer by {} ms until the minute ends",
          settings.globalFailureBudget(), settings.globalSlowdown().toMillis());
    }
  }

  boolean overGlobalBudget() {
    return failuresGlobal.count("*") > settings.globalFailureBudget();
  }

  /** Counts a code generation; false when the user is over the per-minute allowance. */
  boolean allowCode(String user) {
    return codesByUser.increment(user) <= settings.codesPerUserPerMinute();
  }

  void purge() {
    failuresByUser.purge();
    failuresByIp.purge();
    failuresGlobal.purge();
    codesByUser.purge();
  }
}
