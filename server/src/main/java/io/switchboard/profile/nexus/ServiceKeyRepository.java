package io.switchboard.profile.nexus;

import io.vertx.core.Future;
import java.util.List;

/** The durable service API keys (hashes only). */
public interface ServiceKeyRepository {
  Future<ServiceKey> create(ServiceKey key);

  /** The key with this hash, or null. */
  Future<ServiceKey> findByHash(String keyHash);

  Future<List<ServiceKey>> list();

  /** Deletes a key; false when there is none with this id. */
  Future<Boolean> revoke(String keyId);
}
