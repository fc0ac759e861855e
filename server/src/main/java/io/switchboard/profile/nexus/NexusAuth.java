package io.switchboard.profile.nexus;

import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.auth.Ed25519Keys;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks nexus credentials: a service API key (hashed, looked up, compared in constant time), or
 * an answer to the connection's challenge (the challenge it was sent, an Ed25519 signature of the
 * challenge by a registered public key). Each refusal is a failure with its own code.
 */
final class NexusAuth {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_KEY_CHARS = 256;

  private final ServiceKeyRepository keys;
  private final PublicKeyRepository publicKeys;

  NexusAuth(ServiceKeyRepository keys, PublicKeyRepository publicKeys) {
    this.keys = keys;
    this.publicKeys = publicKeys;
  }

  /** A fresh challenge: 32 random bytes as 64 hex characters. */
  static String newChallenge() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  Future<Identity> apiKey(String presented) {
    if (presented == null || presented.isBlank() || presented.length() > MAX_KEY_CHARS) {
      return Future.failedFuture(invalidKey());
    }
    return keys.findByHash(ApiKeys.hash(presented)).compose(k -> k != null && ApiKeys.matches(presented, k.keyHash())
        ? Future.succeededFuture(new Identity(new Principal(k.userId(), null, Principal.Kind.API_KEY), k.keyId(),
            k.teams()))
        : Future.failedFuture(invalidKey()));
  }

  /**
   * Checks an answer to {@code issued} (null when the connection has no unused challenge). The
   * signature may cover the challenge's 32 bytes or its 64 hex characters as UTF-8 text.
   */
  Future<Identity> challenge(String issued, String challenge, String pubkey, String signature) {
    if (issued == null || challenge == null || !MessageDigest.isEqual(issued.getBytes(StandardCharsets.UTF_8),
        challenge.getBytes(StandardCharsets.UTF_8))) {
      return Future.failedFuture(Failure.of(ErrorCode.INVALID_CHALLENGE,
          "The challenge was not issued to this connection, or was already used").asException());
    }
    byte[] raw;
    byte[] sig;
    try {
      raw = Ed25519Keys.decodePublicKey(pubkey);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Failure.of(ErrorCode.INVALID_MESSAGE, "Field 'pubkey' is not an Ed25519 public key "
          + "(32 bytes in hex or base64, or SubjectPublicKeyInfo)", Map.of("field", "pubkey")).asException());
    }
    try {
      sig = Ed25519Keys.decodeSignature(signature);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Failure.of(ErrorCode.INVALID_SIGNATURE,
          "The signature is not 64 bytes in hex or base64").asException());
    }
    if (!Ed25519Keys.verify(raw, HexFormat.of().parseHex(issued), sig)
        && !Ed25519Keys.verify(raw, issued.getBytes(StandardCharsets.UTF_8), sig)) {
      return Future.failedFuture(Failure.of(ErrorCode.INVALID_SIGNATURE,
          "The signature does not verify for this challenge and public key").asException());
    }
    return publicKeys.find(Ed25519Keys.canonical(raw)).compose(k -> k == null
        ? Future.failedFuture(Failure.of(ErrorCode.UNKNOWN_PUBLIC_KEY, "This public key is not registered").asException())
        : Future.succeededFuture(new Identity(new Principal(k.userId(), null, Principal.Kind.PUBLIC_KEY), k.keyId(),
            k.teams())));
  }

  private static RuntimeException invalidKey() {
    return Failure.of(ErrorCode.INVALID_API_KEY, "Invalid API key").asException();
  }
}
