package io.switchboard.profile.nexus;

import java.time.Instant;
import java.util.List;

/**
 * A service API key as stored: never the key itself, only its SHA-256 hash.
 *
 * @param keyId the public handle (for listing and revoking)
 * @param userId whom the key authenticates as
 * @param keyHash hex SHA-256 of the key
 * @param name a label people recognise, or null
 * @param teams the knowledge-base teams the key may ask about; empty means any
 */
public record ServiceKey(String keyId, String userId, String keyHash, String name, List<String> teams,
    Instant createdAt) {
  public ServiceKey {
    teams = teams == null ? List.of() : List.copyOf(teams);
  }
}
