package io.switchboard.profile.glasses;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** The durable registry of third-party apps and their API key hashes. */
public interface AppRepository {
  /** Registers an app; null when the package name is taken (nothing is changed then). */
  Future<App> create(App app);

  Future<App> find(String packageName);

  /** The app whose API key hashes to this value, or null. */
  Future<App> findByKeyHash(String apiKeyHash);

  Future<List<App>> list();

  /** Replaces the key hash; returns the updated app, or null if there is none with this name. */
  Future<App> rotateKey(String packageName, String apiKeyHash, Instant at);

  /** Removes the app; false when there was none. */
  Future<Boolean> delete(String packageName);
}
