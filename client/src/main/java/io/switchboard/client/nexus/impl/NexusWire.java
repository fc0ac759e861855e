package io.switchboard.client.nexus.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.nexus.Answer;
import io.switchboard.client.nexus.Ask;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/** The nexus messages the client builds and reads. */
final class NexusWire {
  private NexusWire() {}

  static ObjectNode envelope(String type, String id) {
    return Json.object().put("type", type).put("id", id);
  }

  static ObjectNode ask(String id, Ask ask) {
    ObjectNode m = envelope("ask", id);
    ObjectNode p = m.putObject("payload").put("query", ask.query());
    if (ask.teamId() != null) {
      p.put("team_id", ask.teamId());
    }
    if (ask.onDelta() != null) {
      p.put("stream", true);
    }
    return m;
  }

  static ObjectNode ping(String id) {
    ObjectNode m = envelope("ping", id);
    m.putObject("payload");
    return m;
  }

  static ObjectNode apiKeyAuth(String id, String key) {
    ObjectNode m = envelope("auth", id);
    m.putObject("payload").put("apiKey", key);
    return m;
  }

  /**
   * The answer to a challenge: the raw public key and the signature of the challenge's 32 bytes,
   * both in hex.
   */
  static ObjectNode challengeAuth(String id, KeyPair pair, String challenge) {
    byte[] message;
    try {
      message = HexFormat.of().parseHex(challenge);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the server's challenge is not hex");
    }
    byte[] signature;
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(message);
      signature = signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the challenge with this key: " + e.getMessage(), e);
    }
    byte[] spki = pair.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    ObjectNode m = envelope("auth", id);
    m.putObject("payload").put("pubkey", HexFormat.of().formatHex(raw))
        .put("signature", HexFormat.of().formatHex(signature)).put("challenge", challenge);
    return m;
  }

  static Predicate<JsonNode> type(String type) {
    return m -> type.equals(m.path("type").asText());
  }

  /** The reply to request {@code id}: a message of {@code type}, or an error, with that id. */
  static Predicate<JsonNode> replyTo(String id, String type) {
    return m -> id.equals(idOf(m)) && (type.equals(m.path("type").asText()) || "error".equals(m.path("type").asText()));
  }

  static String idOf(JsonNode m) {
    JsonNode id = m.get("id");
    return id == null || id.isNull() || !id.isValueNode() ? null : id.asText();
  }

  /** The refusal an {@code auth} result carries, or null when it is a success. */
  static ServerError authRefusal(JsonNode auth) {
    JsonNode p = auth.path("payload");
    if ("success".equals(p.path("status").asText())) {
      return null;
    }
    JsonNode details = p.get("details");
    return new ServerError(p.path("code").asText(ErrorCode.UNAUTHORIZED), p.path("error").asText("Authentication failed"),
        details == null || details.isNull() ? null : details);
  }

  static Answer answer(JsonNode msg) {
    JsonNode p = msg.path("payload");
    JsonNode u = p.get("usage");
    Answer.Usage usage = u == null || !u.isObject() ? null : new Answer.Usage(u.path("prompt_tokens").asInt(),
        u.path("completion_tokens").asInt(), u.path("total_tokens").asInt());
    List<Answer.Source> sources = new ArrayList<>();
    for (JsonNode s : p.path("sources")) {
      sources.add(new Answer.Source(s.path("title").asText(null), s.path("source").asText(null),
          s.path("score").asDouble()));
    }
    JsonNode context = p.get("context");
    return new Answer(idOf(msg), p.path("answer").asText(""), context == null || context.isNull() ? null
        : context.asText(), usage, sources);
  }
}
