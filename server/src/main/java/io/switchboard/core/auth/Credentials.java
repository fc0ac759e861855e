package io.switchboard.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import io.switchboard.core.error.Failure;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies user JWTs (algorithm pinned by configuration, {@code exp} required, leeway, optional
 * {@code iss}/{@code aud}) and issues and verifies the server's own WS tokens. WS tokens carry
 * {@code typ: "ws"} and are signed with the data-directory secret; a WS token is never accepted as
 * a user JWT, and the reverse.
 */
public final class Credentials {
  public static final String WS_TOKEN_TYPE = "ws";
  public static final String ISSUER = "switchboard";

  private final Vertx vertx;
  private final Clock clock;
  private final byte[] ownSecret;
  private final DefaultJWTProcessor<SecurityContext> userProcessor;
  private final DefaultJWTProcessor<SecurityContext> wsProcessor;
  private final boolean remoteKeys;
  private final byte[] userSecret;
  private final Duration wsTokenTtl;
  private final VerifiedTokens verified;

  /** How long a verified user JWT is reused at most, whatever its {@code exp}, with keys held locally. */
  static final Duration VERIFIED_MAX_AGE = Duration.ofMinutes(5);
  /**
   * The same with a JWKS: a key removed from it stops being honoured once nimbus's JWKS cache lets
   * it go (5 minutes) plus this.
   */
  static final Duration VERIFIED_MAX_AGE_JWKS = Duration.ofMinutes(1);

  private Credentials(Vertx vertx, Clock clock, byte[] ownSecret, byte[] userSecret,
      DefaultJWTProcessor<SecurityContext> userProcessor, boolean remoteKeys, Duration wsTokenTtl, int leeway,
      int verifiedCapacity) {
    this.vertx = vertx;
    this.clock = clock;
    this.ownSecret = ownSecret;
    this.userSecret = userSecret;
    this.userProcessor = userProcessor;
    this.remoteKeys = remoteKeys;
    this.wsTokenTtl = wsTokenTtl;
    this.verified = new VerifiedTokens(verifiedCapacity, leeway * 1000L,
        (remoteKeys ? VERIFIED_MAX_AGE_JWKS : VERIFIED_MAX_AGE).toMillis());
    this.wsProcessor = new DefaultJWTProcessor<>();
    wsProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(ownSecret)));
    wsProcessor.setJWTClaimsSetVerifier(new ClockedClaims(clock, null,
        new JWTClaimsSet.Builder().issuer(ISSUER).claim("typ", WS_TOKEN_TYPE).build(), Set.of("exp", "sub"), leeway));
  }

  /** Builds from configuration; the data directory's secret is created on first use. */
  public static Credentials create(Vertx vertx, Config config, Clock clock) {
    return create(vertx, config, clock, null);
  }

  /**
   * As {@link #create(Vertx, Config, Clock)}, with the secret that signs WS tokens given when
   * {@code auth.ws-token-secret} is not set (a cluster shares one through Redis); null means the
   * data directory's secret.
   */
  public static Credentials create(Vertx vertx, Config config, Clock clock, byte[] sharedWsSecret) {
    Path dataDir = Path.of(config.string(Keys.DATA_DIR));
    byte[] own = SecretFile.loadOrCreate(dataDir);
    String configuredWs = config.string(Keys.WS_TOKEN_SECRET);
    byte[] ws = !configuredWs.isBlank() ? configuredWs.getBytes(StandardCharsets.UTF_8)
        : sharedWsSecret != null ? sharedWsSecret : own;
    if (ws.length < 32) {
      throw new ConfigException(Keys.WS_TOKEN_SECRET + " must be at least 32 bytes");
    }
    int leeway = config.integer(Keys.JWT_LEEWAY);
    JWSAlgorithm alg = JWSAlgorithm.parse(config.string(Keys.JWT_ALGORITHM).trim());
    DefaultJWTProcessor<SecurityContext> user = new DefaultJWTProcessor<>();
    byte[] userSecret = null;
    boolean remote = false;
    if (JWSAlgorithm.HS256.equals(alg)) {
      String configured = config.string(Keys.JWT_SECRET);
      userSecret = configured.isBlank() ? own : configured.getBytes(StandardCharsets.UTF_8);
      if (userSecret.length < 32) {
        throw new ConfigException(Keys.JWT_SECRET + " must be at least 32 bytes for HS256");
      }
      user.setJWSKeySelector(new PinnedKeySelector(alg, new ImmutableSecret<>(userSecret)));
    } else if (JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.ES256.equals(alg) || JWSAlgorithm.EdDSA.equals(alg)) {
      JWKSource<SecurityContext> source;
      String jwks = config.string(Keys.JWT_JWKS_URL);
      String pem = config.string(Keys.JWT_PUBLIC_KEY_FILE);
      if (!jwks.isBlank()) {
        try {
          source = JWKSourceBuilder.create(URI.create(jwks).toURL()).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
          throw new ConfigException(Keys.JWT_JWKS_URL + " is not a URL: " + jwks);
        }
        remote = true;
      } else if (!pem.isBlank()) {
        source = PublicKeys.fromPemFile(Path.of(pem), alg);
      } else {
        throw new ConfigException(alg + " needs " + Keys.JWT_PUBLIC_KEY_FILE + " or " + Keys.JWT_JWKS_URL);
      }
      user.setJWSKeySelector(new PinnedKeySelector(alg, source));
      user.setJWSVerifierFactory(new EdDsaVerifierFactory());
    } else {
      throw new ConfigException(Keys.JWT_ALGORITHM + " must be HS256, RS256, ES256 or EdDSA, got " + alg);
    }
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (!config.string(Keys.JWT_ISSUER).isBlank()) {
      exact.issuer(config.string(Keys.JWT_ISSUER));
    }
    String audience = config.string(Keys.JWT_AUDIENCE).isBlank() ? null : config.string(Keys.JWT_AUDIENCE);
    user.setJWTClaimsSetVerifier(new ClockedClaims(clock, audience, exact.build(), Set.of("exp"), leeway));
    int cacheSize = config.integer(Keys.JWT_CACHE_SIZE);
    if (cacheSize < 0) {
      throw new ConfigException(Keys.JWT_CACHE_SIZE + " must be 0 or more, got " + cacheSize);
    }
    return new Credentials(vertx, clock, ws, userSecret, user, remote,
        config.seconds(Keys.WS_TOKEN_TTL), leeway, cacheSize);
  }

  /**
   * Verifies a user JWT; fails with INVALID_TOKEN. A token that passed before is answered from the
   * verified tokens after its time claims are checked again ({@link VerifiedTokens}).
   */
  public Future<Principal> verifyUser(String token) {
    Principal known = token == null ? null : verified.get(token, clock.millis());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (remoteKeys) {
      return vertx.executeBlocking(() -> verifyUserNow(token), false);
    }
    try {
      return Future.succeededFuture(verifyUserNow(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Principal verifyUserNow(String token) {
    JWTClaimsSet claims = process(userProcessor, token);
    if (WS_TOKEN_TYPE.equals(claims.getClaim("typ"))) {
      throw invalid("A WS token cannot be used as a user token");
    }
    String user = claims.getSubject();
    if (user == null || user.isBlank()) {
      Object email = claims.getClaim("email");
      user = email instanceof String s ? s : null;
    }
    if (user == null || user.isBlank()) {
      throw invalid("Token names no user (sub or email)");
    }
    Principal principal = new Principal(user, null, Principal.Kind.USER_JWT);
    Date notBefore = claims.getNotBeforeTime();
    verified.put(token, principal, notBefore == null ? 0 : notBefore.getTime(), claims.getExpirationTime().getTime(),
        clock.millis());
    return principal;
  }

  /** Verifies a WS token issued by {@link #issueWsToken}; fails with INVALID_TOKEN. */
  public Future<Principal> verifyWsToken(String token) {
    try {
      JWTClaimsSet claims = process(wsProcessor, token);
      Object device = claims.getClaim("device_type");
      // A handful of device types, all named in tokens signed with this hub's own key: one instance
      // each is kept for every socket's life, not one per socket.
      return Future.succeededFuture(new Principal(claims.getSubject(),
          device instanceof String s ? s.intern() : null, Principal.Kind.WS_TOKEN));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  public String issueWsToken(String userId, String deviceType) {
    long now = clock.millis();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(userId)
        .claim("typ", WS_TOKEN_TYPE)
        .claim("device_type", deviceType)
        .jwtID(UUID.randomUUID().toString())
        .issueTime(new Date(now))
        .expirationTime(new Date(now + wsTokenTtl.toMillis()))
        .build();
    return sign(ownSecret, claims);
  }

  public Duration wsTokenTtl() {
    return wsTokenTtl;
  }

  /** Mints a user JWT with the configured HS256 secret (the `switchboard token` command). */
  public String mintUserToken(String subject, Duration ttl) {
    if (userSecret == null) {
      throw new ConfigException("user tokens can be minted only with HS256; this server verifies "
          + "tokens from an external identity provider");
    }
    long now = clock.millis();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(subject)
        .issueTime(new Date(now))
        .expirationTime(new Date(now + ttl.toMillis()))
        .build();
    return sign(userSecret, claims);
  }

  private static String sign(byte[] secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  private static JWTClaimsSet process(DefaultJWTProcessor<SecurityContext> processor, String token) {
    if (token == null || token.isBlank()) {
      throw invalid("Missing token");
    }
    try {
      return processor.process(token, null);
    } catch (ExpiredJWTException e) {
      throw invalid("Token expired");
    } catch (BadJWTException e) {
      throw invalid("Token rejected: " + e.getMessage());
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      throw invalid("Invalid token");
    }
  }

  /** Checks {@code exp} and {@code nbf} against the hub's clock, the one that also stamps issued tokens. */
  private static final class ClockedClaims extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClockedClaims(Clock clock, String audience, JWTClaimsSet exact, Set<String> required, int leeway) {
      super(audience, exact, new HashSet<>(required));
      this.clock = clock;
      setMaxClockSkew(leeway);
    }

    @Override
    protected Date currentTime() {
      return new Date(clock.millis());
    }
  }

  private static RuntimeException invalid(String message) {
    return Failure.of(ErrorCode.INVALID_TOKEN, message).asException();
  }
}
