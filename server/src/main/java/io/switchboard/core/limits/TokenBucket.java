package io.switchboard.core.limits;

/**
 * A token bucket for one connection's message rate: {@code ratePerSecond} sustained with
 * {@code burst} extra. Not thread-safe: it is touched only on its connection's event loop, and it
 * holds three numbers, so an idle connection pays nothing else for its limit.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long last;

  public TokenBucket(int ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1, ratePerSecond + burst);
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes one token; false means the caller is over its rate. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until one token is available. */
  public long millisUntilToken(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano / 1e6);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - last;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
      last = nowNanos;
    }
  }
}
