package io.switchboard.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.core.auth.SecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints JWTs the way an attacker or a misconfigured identity provider would, independently of the
 * server's own minting code: with the server's secret read from its data directory, with a wrong
 * key, unsigned, or with another algorithm.
 */
public final class Jwts {
  private Jwts() {}

  /** The server's HS256 secret, as the data directory holds it (base64 in {@code jwt-secret}). */
  public static byte[] serverSecret(Path dataDir) {
    try {
      String text = Files.readString(dataDir.resolve(SecretFile.NAME), StandardCharsets.US_ASCII).trim();
      return Base64.getDecoder().decode(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Claims of a user token for {@code sub} that expires at {@code exp}. */
  public static JWTClaimsSet userClaims(String sub, Instant exp) {
    return new JWTClaimsSet.Builder().subject(sub)
        .issueTime(Date.from(exp.minusSeconds(3600)))
        .expirationTime(Date.from(exp))
        .build();
  }

  public static String hs256(byte[] secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signed with HMAC under the given algorithm (HS256, HS384, HS512), computed here rather than by
   * the library, which refuses keys shorter than the hash (the server's secret has 256 bits).
   */
  public static String hmac(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
    String javaName = "HmacSHA" + alg.getName().substring(2);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(new JWSHeader(alg).toString().getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance(javaName);
      mac.init(new SecretKeySpec(secret, javaName));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HS256 with a fresh random 256-bit key the server has never seen. */
  public static String forged(JWTClaimsSet claims) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return hs256(key, claims);
  }

  /** An unsecured JWT: header {"alg":"none"}, no signature. */
  public static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** RS256 with a fresh RSA key pair. */
  public static String rs256(JWTClaimsSet claims) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      RSAPrivateKey key = (RSAPrivateKey) gen.generateKeyPair().getPrivate();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (NoSuchAlgorithmException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
