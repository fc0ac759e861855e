package io.switchboard.core.auth;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User JWTs already verified, by their exact text: a client sends the same token with every REST
 * call and every WS-token request, and parsing and checking it again each time (Base64, JSON, the
 * signature, the claims) is most of what a small request costs. A hit is only the same bytes that
 * passed every check before; its time claims are checked again against the clock on each use, and
 * an entry is kept at most {@code maxAgeMillis}, so keys withdrawn from a JWKS stop being honoured
 * within that time after the JWKS cache lets them go. Bounded: past {@code capacity} entries an
 * arbitrary one is dropped (about {@code capacity}: threads adding at the same moment may each add one).
 */
final class VerifiedTokens {
  /** What a verification found, with the times that bound its reuse (epoch ms; notBefore 0: no nbf). */
  private record Entry(Principal principal, long notBefore, long expires, long keepUntil) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final long leewayMillis;
  private final long maxAgeMillis;

  VerifiedTokens(int capacity, long leewayMillis, long maxAgeMillis) {
    this.capacity = capacity;
    this.leewayMillis = leewayMillis;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** The principal of a token verified before and still within its time claims at {@code now}; else null. */
  Principal get(String token, long now) {
    if (capacity == 0) {
      return null;
    }
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    // The same instants as nimbus's checks: expired from exp + leeway on, not yet valid up to nbf - leeway.
    if (now >= e.expires + leewayMillis || now >= e.keepUntil) {
      entries.remove(token, e);
      return null;
    }
    // Not yet valid (a clock that went back): verify in full, which gives the right error.
    return now <= e.notBefore - leewayMillis ? null : e.principal;
  }

  /** Remembers a token that passed every check; {@code expires} is its {@code exp} (always present). */
  void put(String token, Principal principal, long notBefore, long expires, long now) {
    if (capacity == 0) {
      return;
    }
    if (entries.size() >= capacity && !entries.containsKey(token)) {
      Iterator<String> any = entries.keySet().iterator();
      if (any.hasNext()) {
        entries.remove(any.next());
      }
    }
    entries.put(token, new Entry(principal, notBefore, expires, now + maxAgeMillis));
  }

  int size() {
    return entries.size();
  }
}
