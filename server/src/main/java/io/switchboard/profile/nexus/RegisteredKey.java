package io.switchboard.profile.nexus;

import java.time.Instant;
import java.util.List;

/**
 * An Ed25519 public key registered for a user (challenge authentication).
 *
 * @param publicKey the raw 32-byte key in lower-case hex
 * @param teams the knowledge-base teams the key may ask about; empty means any
 */
public record RegisteredKey(String keyId, String userId, String publicKey, List<String> teams, Instant createdAt) {
  public RegisteredKey {
    teams = teams == null ? List.of() : List.copyOf(teams);
  }
}
