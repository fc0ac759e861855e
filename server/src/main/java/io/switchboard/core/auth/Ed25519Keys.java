package io.switchboard.core.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ed25519 public keys and signatures as clients send them: the raw 32-byte key in hex or base64
 * (standard or URL-safe), or the SubjectPublicKeyInfo form (base64 DER or PEM); signatures of 64
 * bytes in hex or base64. Verification uses the JDK's own Ed25519.
 */
public final class Ed25519Keys {
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final Pattern HEX = Pattern.compile("(?i)[0-9a-f]+");

  private Ed25519Keys() {}

  /** The raw 32-byte public key; throws IllegalArgumentException when the text is none of the accepted forms. */
  public static byte[] decodePublicKey(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing public key");
    }
    String t = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] bytes = decode(t);
    if (bytes.length == 32) {
      return bytes;
    }
    if (bytes.length == 44 && Arrays.equals(Arrays.copyOf(bytes, 12), SPKI_PREFIX)) {
      return Arrays.copyOfRange(bytes, 12, 44);
    }
    throw new IllegalArgumentException("not an Ed25519 public key (32 raw bytes or SubjectPublicKeyInfo)");
  }

  /** The canonical text of a raw key (lower-case hex), the form keys are stored and looked up in. */
  public static String canonical(byte[] raw) {
    return HexFormat.of().formatHex(raw);
  }

  /** A signature's 64 bytes; throws IllegalArgumentException when it is not hex or base64 of 64 bytes. */
  public static byte[] decodeSignature(String text) {
    byte[] bytes = decode(text == null ? "" : text.trim());
    if (bytes.length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes");
    }
    return bytes;
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the raw key. */
  public static boolean verify(byte[] rawKey, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey(rawKey));
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The JDK key object of a raw 32-byte key. */
  public static PublicKey publicKey(byte[] rawKey) throws GeneralSecurityException {
    byte[] der = Arrays.copyOf(SPKI_PREFIX, 44);
    System.arraycopy(rawKey, 0, der, 12, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  /** The raw 32 bytes of a JDK Ed25519 public key (the tail of its SubjectPublicKeyInfo). */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  private static byte[] decode(String t) {
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    if (t.length() % 2 == 0 && HEX.matcher(t).matches() && (t.length() == 64 || t.length() == 88 || t.length() == 128)) {
      return HexFormat.of().parseHex(t);
    }
    String std = t.replace('-', '+').replace('_', '/');
    return Base64.getDecoder().decode(std + "=".repeat((4 - std.length() % 4) % 4));
  }
}
