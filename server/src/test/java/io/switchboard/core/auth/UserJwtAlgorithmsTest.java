package io.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.error.FailureException;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User JWTs from an external identity provider: RS256, ES256 and EdDSA by key file or JWKS URL. */
class UserJwtAlgorithmsTest {
  @TempDir
  Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  private Credentials credentials(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put(Keys.DATA_DIR, dir.resolve("data").toString());
    return Credentials.create(vertx, Config.defaults().with(all), Clock.systemUTC());
  }

  private static String token(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID("k1").build(), claims.build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder claims(String sub) {
    return new JWTClaimsSet.Builder().subject(sub).expirationTime(new Date(System.currentTimeMillis() + 60_000));
  }

  /** Signs with the JDK's Ed25519 (the header names EdDSA, as RFC 8037 says). */
  private static String edDsaToken(java.security.PrivateKey key, JWTClaimsSet.Builder claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"EdDSA\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8));
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(s.sign());
  }

  private Path pem(byte[] spki) throws Exception {
    Path f = Files.createTempFile(dir, "key", ".pem");
    Files.writeString(f, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
        + "\n-----END PUBLIC KEY-----\n");
    return f;
  }

  private static String verify(Credentials c, String token) {
    try {
      return c.verifyUser(token).toCompletionStage().toCompletableFuture().join().userId();
    } catch (java.util.concurrent.CompletionException e) {
      return ((FailureException) e.getCause()).failure().code();
    }
  }

  @Test
  void rs256WithPemFileAcceptsItsKeyOnlyAndPinsTheAlgorithm() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    Credentials c = credentials(Map.of(Keys.JWT_ALGORITHM, "RS256",
        Keys.JWT_PUBLIC_KEY_FILE, pem(kp.getPublic().getEncoded()).toString()));
    assertThat(verify(c, token(JWSAlgorithm.RS256, new RSASSASigner(kp.getPrivate()), claims("olga")))).isEqualTo("olga");
    KeyPair other = g.generateKeyPair();
    assertThat(verify(c, token(JWSAlgorithm.RS256, new RSASSASigner(other.getPrivate()), claims("olga"))))
        .isEqualTo("INVALID_TOKEN");
    assertThat(verify(c, token(JWSAlgorithm.RS512, new RSASSASigner(kp.getPrivate()), claims("olga"))))
        .isEqualTo("INVALID_TOKEN");
  }

  @Test
  void es256WithPemFileAndEmailFallback() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    Credentials c = credentials(Map.of(Keys.JWT_ALGORITHM, "ES256",
        Keys.JWT_PUBLIC_KEY_FILE, pem(kp.getPublic().getEncoded()).toString()));
    JWTClaimsSet.Builder emailOnly = new JWTClaimsSet.Builder().claim("email", "pia@example.com")
        .expirationTime(new Date(System.currentTimeMillis() + 60_000));
    assertThat(verify(c, token(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) kp.getPrivate()), emailOnly)))
        .isEqualTo("pia@example.com");
  }

  @Test
  void edDsaWithPemFile() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = kp.getPublic().getEncoded();
    Credentials c = credentials(Map.of(Keys.JWT_ALGORITHM, "EdDSA", Keys.JWT_PUBLIC_KEY_FILE, pem(spki).toString()));
    assertThat(verify(c, edDsaToken(kp.getPrivate(), claims("quinn")))).isEqualTo("quinn");
    KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThat(verify(c, edDsaToken(stranger.getPrivate(), claims("quinn")))).isEqualTo("INVALID_TOKEN");
    // HS256 with the server's own secret is refused when EdDSA is pinned.
    assertThat(verify(c, c.issueWsToken("quinn", "desktop"))).isEqualTo("INVALID_TOKEN");
  }

  @Test
  void jwksUrlWithIssuerAndAudienceChecks() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    RSAKey jwk = new RSAKey.Builder((java.security.interfaces.RSAPublicKey) kp.getPublic()).keyID("k1").build();
    HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(jwk).toString().getBytes(StandardCharsets.UTF_8);
    idp.createContext("/jwks.json", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    idp.start();
    try {
      Credentials c = credentials(Map.of(Keys.JWT_ALGORITHM, "RS256",
          Keys.JWT_JWKS_URL, "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json",
          Keys.JWT_ISSUER, "https://idp.example", Keys.JWT_AUDIENCE, "switchboard"));
      RSASSASigner signer = new RSASSASigner(kp.getPrivate());
      assertThat(verify(c, token(JWSAlgorithm.RS256, signer,
          claims("rita").issuer("https://idp.example").audience("switchboard")))).isEqualTo("rita");
      assertThat(verify(c, token(JWSAlgorithm.RS256, signer,
          claims("rita").issuer("https://evil.example").audience("switchboard")))).isEqualTo("INVALID_TOKEN");
      assertThat(verify(c, token(JWSAlgorithm.RS256, signer,
          claims("rita").issuer("https://idp.example").audience("other")))).isEqualTo("INVALID_TOKEN");
      assertThat(verify(c, token(JWSAlgorithm.RS256, signer,
          new JWTClaimsSet.Builder().subject("rita").issuer("https://idp.example").audience("switchboard"))))
          .as("exp is required").isEqualTo("INVALID_TOKEN");
    } finally {
      idp.stop(0);
    }
  }
}
