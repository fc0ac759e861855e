package io.switchboard.profile.glasses;

import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;

/**
 * Proves which app is on the other end: its package and API key (compared as hashes, in constant
 * time), or a key alone, from which the package follows. A system app's key counts only from its
 * allowed source addresses. Failures: UNKNOWN_PACKAGE, INVALID_API_KEY.
 */
final class AppAccess {
  private final AppRepository apps;

  AppAccess(AppRepository apps) {
    this.apps = apps;
  }

  /** The app a key belongs to (a key presented at upgrade, or without a package name). */
  Future<App> byKey(String key, String ip) {
    return apps.findByKeyHash(ApiKeys.hash(key)).compose(app -> app == null
        ? fail(ErrorCode.INVALID_API_KEY, "Invalid API key")
        : fromAllowedAddress(app, ip));
  }

  /**
   * The app named by a package name and key; {@code proven} is the app a key at upgrade already
   * proved (null if none), which any name or key given now must agree with.
   */
  Future<App> authenticate(String packageName, String key, App proven, String ip) {
    if (proven != null) {
      if (packageName != null && !packageName.equals(proven.packageName())) {
        return fail(ErrorCode.INVALID_API_KEY, "The API key does not belong to package " + packageName);
      }
      if (key != null && !ApiKeys.matches(key, proven.apiKeyHash())) {
        return fail(ErrorCode.INVALID_API_KEY, "Invalid API key for package " + proven.packageName());
      }
      return Future.succeededFuture(proven);
    }
    if (key == null || key.isEmpty()) {
      return fail(ErrorCode.INVALID_API_KEY, "An API key is required (apiKey, Authorization: Bearer or x-api-key)");
    }
    if (packageName == null) {
      return byKey(key, ip);
    }
    return apps.find(packageName).compose(app -> {
      if (app == null) {
        return fail(ErrorCode.UNKNOWN_PACKAGE, "Unknown package: " + packageName);
      }
      if (!ApiKeys.matches(key, app.apiKeyHash())) {
        return fail(ErrorCode.INVALID_API_KEY, "Invalid API key for package " + packageName);
      }
      return fromAllowedAddress(app, ip);
    });
  }

  private static Future<App> fromAllowedAddress(App app, String ip) {
    if (app.systemApp() && !AddressRules.allows(app.allowedAddresses(), ip)) {
      return fail(ErrorCode.INVALID_API_KEY, "The key of system app " + app.packageName()
          + " is not accepted from this address");
    }
    return Future.succeededFuture(app);
  }

  static <T> Future<T> fail(String code, String message) {
    return Future.failedFuture(Failure.of(code, message).asException());
  }
}
