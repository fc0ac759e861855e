package io.switchboard.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Service API keys: 256 random bits, shown once, stored only as their SHA-256 hash. A key carries
 * that much entropy, so a fast hash is enough (there is nothing to brute-force); stored hashes are
 * compared in constant time.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new key: {@code prefix} followed by 32 random bytes in URL-safe base64. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a key: the hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a presented key hashes to a stored hash, compared in constant time. */
  public static boolean matches(String presented, String storedHash) {
    if (presented == null || storedHash == null) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(presented.getBytes(StandardCharsets.UTF_8)), expected);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
