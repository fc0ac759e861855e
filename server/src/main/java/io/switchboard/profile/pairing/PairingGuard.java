package io.switchboard.profile.pairing;

import io.switchboard.core.limits.Counters;
import io.switchboard.core.limits.Counters.Counter;
import io.switchboard.core.limits.memory.MemoryCounters;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds code guessing: failed pair-device attempts per user and per IP per minute, and a global
 * budget per minute beyond which every answer is slowed and a warning logged. Also bounds code
 * generation per user. The counts live in the hub's {@link Counters}, so in a cluster they are
 * shared by every node.
 *
 * <p>When the counters cannot be reached (Redis down), each check decides for itself: the
 * per-user and per-IP reservation fails, and pair-device is refused (fail closed: without the count
 * a guesser would be unbounded); the global budget is treated as not exceeded (fail open: it only
 * slows answers, the per-user and per-IP bounds are what stop guessing); code generation falls back
 * to this node's own count (the single-node bound), since a code cannot be paired while pair-device
 * is closed anyway.
 */
final class PairingGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PairingGuard.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String GLOBAL = "*";

  private final PairingSettings settings;
  private final Counter failuresByUser;
  private final Counter failuresByIp;
  private final Counter failuresGlobal;
  private final Counter codesByUser;
  private final Counter codesByUserOnThisNode;
  private final AtomicBoolean unreachable = new AtomicBoolean();

  PairingGuard(PairingSettings settings, Counters counters, Clock clock) {
    this.settings = settings;
    this.failuresByUser = counters.counter("pairing-failures-user", MINUTE);
    this.failuresByIp = counters.counter("pairing-failures-ip", MINUTE);
    this.failuresGlobal = counters.counter("pairing-failures-global", MINUTE);
    this.codesByUser = counters.counter("pairing-codes-user", MINUTE);
    this.codesByUserOnThisNode = new MemoryCounters(clock).counter("pairing-codes-user", MINUTE);
  }

  /**
   * Takes one failed-attempt slot for the user and for the IP before the attempt is tried, so
   * concurrent attempts, on any node, can never exceed the bound. False (and nothing taken) when
   * either has no slot left this minute. A slot is given back with {@link #release} when the
   * attempt succeeds. Fails when the counters cannot be reached (nothing is then held).
   */
  Future<Boolean> reserve(String user, String ip) {
    Future<Long> byUser = failuresByUser.increment(user);
    Future<Long> byIp = failuresByIp.increment(ip);
    return Future.join(byUser, byIp).transform(ar -> {
      if (ar.failed()) {
        // Give back whichever of the two was taken.
        if (byUser.succeeded()) {
          failuresByUser.decrement(user);
        }
        if (byIp.succeeded()) {
          failuresByIp.decrement(ip);
        }
        return unavailable(ar.cause());
      }
      reachable();
      if (byUser.result() > settings.maxFailuresPerMinute() || byIp.result() > settings.maxFailuresPerMinute()) {
        release(user, ip);
        return Future.succeededFuture(false);
      }
      return Future.succeededFuture(true);
    });
  }

  /** Gives back a reserved slot; if the counters cannot be reached the slot stays taken until the minute ends. */
  void release(String user, String ip) {
    failuresByUser.decrement(user).onFailure(this::unavailable);
    failuresByIp.decrement(ip).onFailure(this::unavailable);
  }

  long retryAfterMillis() {
    return failuresByUser.millisUntilReset();
  }

  /** Counts a failed attempt (its per-user and per-IP slots are kept) against the global budget. */
  void confirmFailure() {
    failuresGlobal.increment(GLOBAL).onSuccess(global -> {
      if (global == settings.globalFailureBudget() + 1) {
        LOG.warn("SECURITY: more than {} failed pairing attempts this minute across all clients; "
            + "slowing every pair-device answer by {} ms until the minute ends",
            settings.globalFailureBudget(), settings.globalSlowdown().toMillis());
      }
    }).onFailure(this::unavailable);
  }

  /** Whether the global budget is exceeded this minute; false when the counters cannot be reached. */
  Future<Boolean> overGlobalBudget() {
    return failuresGlobal.count(GLOBAL)
        .map(global -> global > settings.globalFailureBudget())
        .recover(e -> {
          unavailable(e);
          return Future.succeededFuture(false);
        });
  }

  /**
   * Counts a code generation; false when the user is over the per-minute allowance. When the
   * counters cannot be reached, this node's own count decides.
   */
  Future<Boolean> allowCode(String user) {
    return codesByUser.increment(user)
        .onSuccess(count -> reachable())
        .recover(e -> {
          unavailable(e);
          return codesByUserOnThisNode.increment(user);
        })
        .map(count -> count <= settings.codesPerUserPerMinute());
  }

  long codeRetryAfterMillis() {
    return codesByUser.millisUntilReset();
  }

  private <T> Future<T> unavailable(Throwable cause) {
    if (unreachable.compareAndSet(false, true)) {
      LOG.warn("pairing limits cannot be counted ({}): pair-device is refused with 503, the global budget is "
          + "not applied and code generation is limited per node until they can", cause.toString());
    }
    return Future.failedFuture(cause);
  }

  private void reachable() {
    if (unreachable.compareAndSet(true, false)) {
      LOG.info("pairing limits can be counted again");
    }
  }
}
