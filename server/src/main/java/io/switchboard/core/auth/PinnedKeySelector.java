package io.switchboard.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Offers the configured keys only for the pinned algorithm (a token never chooses it). A key
 * without a {@code kid} matches any token; a key with one matches tokens naming it. Ed25519 keys
 * become JCA keys, verified by {@link EdDsaVerifierFactory}.
 */
final class PinnedKeySelector implements JWSKeySelector<SecurityContext> {
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final JWSAlgorithm alg;
  private final JWKSource<SecurityContext> source;

  PinnedKeySelector(JWSAlgorithm alg, JWKSource<SecurityContext> source) {
    this.alg = alg;
    this.source = source;
  }

  @Override
  public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
    if (!alg.equals(header.getAlgorithm())) {
      return List.of();
    }
    List<Key> keys = new ArrayList<>();
    for (JWK jwk : source.get(new JWKSelector(new JWKMatcher.Builder().build()), context)) {
      if (header.getKeyID() != null && jwk.getKeyID() != null && !header.getKeyID().equals(jwk.getKeyID())) {
        continue;
      }
      Key k = toJava(jwk);
      if (k != null) {
        keys.add(k);
      }
    }
    return keys;
  }

  private static Key toJava(JWK jwk) {
    try {
      if (jwk instanceof OctetSequenceKey secret) {
        return secret.toSecretKey("HmacSHA256");
      }
      if (jwk instanceof RSAKey rsa) {
        return rsa.toRSAPublicKey();
      }
      if (jwk instanceof ECKey ec) {
        return ec.toECPublicKey();
      }
      if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        byte[] x = okp.getX().decode();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      }
    } catch (JOSEException | GeneralSecurityException e) {
      return null;
    }
    return null;
  }
}
