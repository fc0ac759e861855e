package io.switchboard.http;

import java.util.List;
import java.util.Set;

/**
 * The browser origin allow-list. A request without Origin (a native app) is always allowed; `*`
 * allows every origin.
 */
public final class Origins {
  private final boolean any;
  private final Set<String> allowed;

  public Origins(List<String> allowed) {
    this.any = allowed.contains("*");
    this.allowed = Set.copyOf(allowed);
  }

  public boolean allows(String origin) {
    return origin == null || any || allowed.contains(origin);
  }

  public boolean allowsAny() {
    return any;
  }
}
