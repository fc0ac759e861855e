package io.switchboard.profile.nexus;

import io.vertx.core.Future;
import java.util.List;

/** The durable registry of Ed25519 public keys. */
public interface PublicKeyRepository {
  /** Registers a key; null when the same public key is already registered. */
  Future<RegisteredKey> add(RegisteredKey key);

  /** The registration of a public key (lower-case hex of its raw bytes), or null. */
  Future<RegisteredKey> find(String publicKey);

  Future<List<RegisteredKey>> list();

  /** Deletes a registration; false when there is none with this id. */
  Future<Boolean> revoke(String keyId);
}
