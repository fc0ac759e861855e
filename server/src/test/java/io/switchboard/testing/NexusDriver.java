package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.auth.Ed25519Keys;
import io.switchboard.profile.nexus.RegisteredKey;
import io.switchboard.profile.nexus.ServiceKey;
import io.switchboard.protocol.Json;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Credentials and messages for nexus tests: service keys, Ed25519 key pairs, signed challenge answers. */
public final class NexusDriver {
  private final TestServer server;

  public NexusDriver(TestServer server) {
    this.server = server;
  }

  public String url() {
    return "ws://127.0.0.1:" + server.httpPort() + "/";
  }

  /** Stores a new service key for a user (as the CLI does) and returns the key itself. */
  public String apiKey(String user, String... teams) {
    String key = ApiKeys.generate("sbk_");
    server.server().serviceKeys().create(new ServiceKey("k_" + UUID.randomUUID().toString().substring(0, 12), user,
        ApiKeys.hash(key), null, List.of(teams), Instant.now())).toCompletionStage().toCompletableFuture().join();
    return key;
  }

  public static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a key pair's public key for a user; returns the public key as base64 of its raw bytes. */
  public String register(String user, KeyPair pair, String... teams) {
    byte[] raw = Ed25519Keys.raw(pair.getPublic());
    server.server().publicKeys().add(new RegisteredKey(UUID.randomUUID().toString(), user, Ed25519Keys.canonical(raw),
        List.of(teams), Instant.now())).toCompletionStage().toCompletableFuture().join();
    return Base64.getEncoder().encodeToString(raw);
  }

  /** A base64 Ed25519 signature of the challenge's bytes (its hex decoded). */
  public static String sign(PrivateKey key, String challengeHex) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(HexFormat.of().parseHex(challengeHex));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode message(String type, String id, ObjectNode payload) {
    ObjectNode m = Json.object().put("type", type).put("id", id);
    m.set("payload", payload);
    return m;
  }

  public static ObjectNode challengeAnswer(String id, String pubkey, String signature, String challenge) {
    return message("auth", id, Json.object().put("pubkey", pubkey).put("signature", signature)
        .put("challenge", challenge));
  }

  /** The next nexus error frame, which must carry the code. */
  public static JsonNode awaitError(WsProbe ws, String code) {
    return ws.await(m -> "error".equals(m.path("type").asText())
        && code.equals(m.path("payload").path("code").asText()), "nexus error " + code);
  }

  /** Connects with an API key in the x-api-key header and waits for the auth success. */
  public WsProbe connectWithKey(String key) {
    WsProbe ws = WsProbe.connectWithHeader(url(), "x-api-key", key);
    JsonNode auth = ws.await("auth");
    if (!"success".equals(auth.path("payload").path("status").asText())) {
      throw new AssertionError("auth failed: " + auth);
    }
    return ws;
  }
}
