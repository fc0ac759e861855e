package io.switchboard.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1, 2, ...) the socket waits a
 * uniformly random time in {@code [0, min(maxDelay, initialDelay * 2^(n-1))]}. Jitter spreads the
 * reconnects of many clients after a server restart instead of having them arrive together.
 *
 * @param initialDelay the cap of the first retry's delay
 * @param maxDelay the cap no delay exceeds (30 s by default)
 * @param maxRetries retries after a failed first attempt or a lost connection before giving up
 *     ({@link ConnectionState#FAILED}); {@link #FOREVER} never gives up. A successful connection
 *     resets the count.
 */
public record Backoff(Duration initialDelay, Duration maxDelay, int maxRetries) {
  public static final int FOREVER = -1;

  public Backoff {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay");
    }
    if (maxRetries < FOREVER) {
      throw new IllegalArgumentException("maxRetries must be >= 0, or FOREVER");
    }
  }

  /** 500 ms initial, 30 s max, retries forever. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), FOREVER);
  }

  public Backoff withMaxRetries(int retries) {
    return new Backoff(initialDelay, maxDelay, retries);
  }

  /** Whether retry number {@code retry} (1-based) is still allowed. */
  public boolean allows(int retry) {
    return maxRetries == FOREVER || retry <= maxRetries;
  }

  /** The upper bound of the delay before retry {@code retry} (1-based). */
  public Duration cap(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long millis = initialDelay.toMillis() << shift;
    return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
  }

  /** A full-jitter delay before retry {@code retry} (1-based). */
  public Duration delay(int retry, RandomGenerator random) {
    return Duration.ofMillis(random.nextLong(cap(retry).toMillis() + 1));
  }
}
