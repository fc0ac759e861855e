package io.switchboard.client.nexus;

import java.security.KeyPair;
import java.util.Objects;

/**
 * How a {@link NexusClient} authenticates, on every connection before anything else is sent:
 *
 * <ul>
 *   <li>{@link #apiKey(String)}: the key in the {@code x-api-key} header of the upgrade (the seed's
 *       documented way); the server answers with the result at once.</li>
 *   <li>{@link #apiKeyMessage(String)}: the key in a first {@code auth} message
 *       {@code {"apiKey"}} (what the seed's public client sends), for stacks that cannot set
 *       upgrade headers.</li>
 *   <li>{@link #ed25519(KeyPair)}: the server's {@code auth_challenge} answered with
 *       {@code {pubkey, signature, challenge}}, signed with the JDK's {@code Ed25519}
 *       {@link java.security.Signature}. The public key must be registered
 *       ({@code switchboard keys add}).</li>
 * </ul>
 *
 * Secrets never appear in {@link #toString()} or in logs.
 */
public sealed interface NexusCredentials {

  /** An API key sent in the {@code x-api-key} header. */
  static NexusCredentials apiKey(String key) {
    return new ApiKey(key, true);
  }

  /** An API key sent in the first {@code auth} message. */
  static NexusCredentials apiKeyMessage(String key) {
    return new ApiKey(key, false);
  }

  /** An Ed25519 key pair (from {@code KeyPairGenerator.getInstance("Ed25519")} or a key store). */
  static NexusCredentials ed25519(KeyPair pair) {
    return new Ed25519(pair);
  }

  /**
   * A service API key ({@code sbk_...}).
   *
   * @param inHeader true: {@code x-api-key} header; false: {@code auth} message
   */
  record ApiKey(String key, boolean inHeader) implements NexusCredentials {
    public ApiKey {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("an API key is required");
      }
    }

    @Override
    public String toString() {
      return "ApiKey[" + (inHeader ? "x-api-key header" : "auth message") + "]";
    }
  }

  /** An Ed25519 key pair answering the server's challenge. */
  record Ed25519(KeyPair pair) implements NexusCredentials {
    public Ed25519 {
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(pair.getPrivate(), "private key");
      Objects.requireNonNull(pair.getPublic(), "public key");
      String alg = pair.getPrivate().getAlgorithm();
      if (!"Ed25519".equalsIgnoreCase(alg) && !"EdDSA".equalsIgnoreCase(alg)) {
        throw new IllegalArgumentException("an Ed25519 key pair is required, not " + alg);
      }
    }

    @Override
    public String toString() {
      return "Ed25519[challenge]";
    }
  }
}
