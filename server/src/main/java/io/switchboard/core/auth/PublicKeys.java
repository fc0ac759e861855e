package io.switchboard.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.switchboard.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Reads a PEM public key (SubjectPublicKeyInfo) into a JWK source for RS256, ES256 or EdDSA (Ed25519). */
final class PublicKeys {
  private PublicKeys() {}

  static JWKSource<SecurityContext> fromPemFile(Path file, JWSAlgorithm alg) {
    try {
      String pem = Files.readString(file)
          .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
          .replaceAll("\\s", "");
      X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(pem));
      JWK jwk;
      if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
        byte[] der = spec.getEncoded();
        KeyFactory.getInstance("Ed25519").generatePublic(spec);
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        jwk = new OctetKeyPair.Builder(com.nimbusds.jose.jwk.Curve.Ed25519, Base64URL.encode(raw)).build();
      } else if (JWSAlgorithm.RS256.equals(alg)) {
        jwk = new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec)).build();
      } else {
        ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
        jwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, key).build();
      }
      return new ImmutableJWKSet<>(new JWKSet(jwk));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new ConfigException("cannot read public key " + file + ": " + e.getMessage());
    }
  }
}
