package io.switchboard.profile.nexus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Answering;
import io.switchboard.provider.Conversation;
import io.switchboard.provider.Question;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The nexus WebSocket ({@code ws://host:8000/}): envelope {@code {type, id, payload}} both ways.
 * Authentication by {@code x-api-key} at upgrade, by an {@code auth} message carrying
 * {@code apiKey}, or by signing the {@code auth_challenge} sent on open; until then only
 * {@code auth} and {@code ping} are served, and after {@code nexus.auth-timeout-seconds} the socket
 * is closed 1008. A failed authentication is answered and closes the socket 1008.
 */
final class NexusSocket implements SocketEndpoint {
  static final String API_KEY_HEADER = "x-api-key";

  private final Hub hub;
  private final NexusSettings settings;
  private final NexusAuth auth;
  private final Answering answering;

  NexusSocket(Hub hub, NexusSettings settings, NexusAuth auth, Answering answering) {
    this.hub = hub;
    this.settings = settings;
    this.auth = auth;
    this.answering = answering;
  }

  @Override
  public String profile() {
    return NexusProfile.NAME;
  }

  @Override
  public Duration authTimeout() {
    return settings.authTimeout();
  }

  @Override
  public String renderError(Failure failure) {
    return NexusFrames.error(null, failure);
  }

  @Override
  public void onOpen(Connection c) {
    NexusSession s = new NexusSession(new Conversation(settings.memoryMessages()), answering.newInFlight(),
        hub.clock().instant().plus(settings.authTimeout()));
    c.attach(s);
    c.onMessages(text -> onText(c, s, text),
        data -> c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Binary frames are not part of this protocol")));
    String key = c.header(API_KEY_HEADER);
    if (key != null) {
      s.verifying = true;
      settle(c, s, newId(), "api_key_header", auth.apiKey(key));
      return;
    }
    s.challenge = NexusAuth.newChallenge();
    c.send(NexusFrames.challenge(newId(), s.challenge));
  }

  /** An id for a message the server starts (the challenge, the result of header authentication). */
  private static JsonNode newId() {
    return Json.MAPPER.getNodeFactory().textNode(UUID.randomUUID().toString());
  }

  @Override
  public void onClose(Connection c) {
    NexusSession s = c.attachment();
    if (s != null) {
      s.calls.cancelAll();
    }
  }

  private void onText(Connection c, NexusSession s, String text) {
    // Read before the rate check, so a refusal answers the request it refuses (by its id).
    Failure limited = c.admit();
    if (limited != null && c.isClosed()) {
      return;
    }
    JsonNode node = Json.parseOrNull(text);
    if (limited != null) {
      JsonNode asked = node == null ? null : node.path("id");
      reply(c, asked != null && (asked.isTextual() || asked.isNumber()) ? asked : null, limited);
      return;
    }
    if (node == null) {
      c.sendError(Failure.of(ErrorCode.INVALID_JSON, "Invalid JSON format"));
      return;
    }
    if (!(node instanceof ObjectNode msg) || !msg.path("type").isTextual()) {
      c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Field 'type' is required and must be a string",
          Map.of("field", "type")));
      return;
    }
    JsonNode id = msg.path("id").isTextual() || msg.path("id").isNumber() ? msg.get("id") : null;
    if (hub.connections().limits().tooLarge(text)) {
      reply(c, id, Failure.of(ErrorCode.PAYLOAD_TOO_LARGE, "Message exceeds "
          + hub.connections().limits().maxMessageBytes() + " bytes"));
      return;
    }
    dispatch(c, s, msg.get("type").asText(), id, msg.get("payload"));
  }

  private void dispatch(Connection c, NexusSession s, String type, JsonNode id, JsonNode payload) {
    if (type.equals("ping")) {
      c.send(NexusFrames.pong(id, Json.time(hub.clock().instant())));
    } else if (type.equals("auth")) {
      authMessage(c, s, id, payload);
    } else if (s.identity == null) {
      reply(c, id, Failure.of(ErrorCode.UNAUTHORIZED, "Authenticate first: send auth"));
    } else if (type.equals("ask")) {
      ask(c, s, id, payload);
    } else {
      reply(c, id, Failure.of(ErrorCode.UNKNOWN_TYPE, "Unknown message type: "
          + (type.length() <= 64 ? type : type.substring(0, 64) + "...")));
    }
  }

  private void reply(Connection c, JsonNode id, Failure f) {
    hub.metrics().error(NexusProfile.NAME, f.code());
    c.send(NexusFrames.error(id, f));
  }

  private void authMessage(Connection c, NexusSession s, JsonNode id, JsonNode payload) {
    if (s.identity != null || s.verifying) {
      reply(c, id, Failure.of(ErrorCode.ALREADY_AUTHENTICATED, s.identity != null ? "Already authenticated"
          : "Authentication already in progress"));
      return;
    }
    if (hub.clock().instant().isAfter(s.deadline)) {
      refuse(c, s, id, "late", Failure.of(ErrorCode.AUTH_TIMEOUT, "Authentication came after the "
          + settings.authTimeout().toSeconds() + " s allowed"));
      return;
    }
    Fields f = new Fields(payload);
    if (!(payload instanceof ObjectNode p)) {
      reply(c, id, Failure.of(ErrorCode.INVALID_MESSAGE, "Field 'payload' must be an object",
          Map.of("field", "payload")));
      return;
    }
    String apiKey = f.optionalString("apiKey", 256);
    String pubkey = f.optionalString("pubkey", 256);
    String signature = f.optionalString("signature", 256);
    String challenge = f.optionalString("challenge", 256);
    if (f.ok() && apiKey == null && (pubkey == null || signature == null || challenge == null)) {
      f.fail("payload", "needs apiKey, or pubkey, signature and challenge");
    }
    if (!f.ok()) {
      reply(c, id, f.failure());
      return;
    }
    s.verifying = true;
    if (apiKey != null) {
      settle(c, s, id, "api_key", auth.apiKey(apiKey));
      return;
    }
    String issued = s.challenge;
    s.challenge = null;
    settle(c, s, id, "challenge", auth.challenge(issued, challenge, pubkey, signature));
  }

  private void settle(Connection c, NexusSession s, JsonNode id, String method, Future<Identity> check) {
    check.onComplete(ar -> {
      s.verifying = false;
      if (c.isClosed()) {
        return;
      }
      if (ar.failed()) {
        Failure f = ar.cause() instanceof FailureException fe ? fe.failure()
            : Failure.of(ErrorCode.INTERNAL, "Authentication could not be checked; try again");
        refuse(c, s, id, method, f);
        return;
      }
      Identity who = ar.result();
      s.identity = who;
      s.challenge = null;
      c.authenticate(who.principal());
      hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.success", NexusProfile.NAME,
          who.principal().userId(), c.remoteIp(), who.keyId(), "success", method));
      c.send(NexusFrames.authSuccess(id, who));
    });
  }

  private void refuse(Connection c, NexusSession s, JsonNode id, String method, Failure f) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", NexusProfile.NAME, null, c.remoteIp(),
        method, "failure", f.code()));
    hub.metrics().error(NexusProfile.NAME, f.code());
    c.send(NexusFrames.authError(id, f));
    c.close(CloseCodes.POLICY, "Authentication failed");
  }

  private void ask(Connection c, NexusSession s, JsonNode id, JsonNode payload) {
    Fields f = new Fields(payload);
    String query = payload instanceof ObjectNode ? f.string("query", 8000) : f.fail("payload", "must be an object");
    String team = f.optionalString("team_id", 128);
    JsonNode stream = payload == null ? null : payload.get("stream");
    if (f.ok() && stream != null && !stream.isNull() && !stream.isBoolean()) {
      f.fail("stream", "must be true or false");
    }
    if (!f.ok()) {
      reply(c, id, f.failure());
      return;
    }
    String scope = team == null ? settings.defaultTeam() : team;
    if (!s.identity.mayUse(scope)) {
      reply(c, id, Failure.of(ErrorCode.TEAM_NOT_ALLOWED, "This credential may not use team '" + scope + "'",
          Map.of("team_id", scope)));
      return;
    }
    boolean streaming = stream != null && stream.asBoolean(false);
    answering.ask(s.calls, new Question(query, scope, s.conversation.turns(), ""),
        streaming ? piece -> c.send(NexusFrames.delta(id, piece)) : null).onComplete(ar -> {
          if (ar.succeeded()) {
            s.conversation.remember(query, ar.result().text());
            c.send(NexusFrames.response(id, ar.result()));
            return;
          }
          Failure fail = ar.cause() instanceof FailureException fe ? fe.failure()
              : Failure.of(ErrorCode.PROVIDER_ERROR, "The answering engine failed");
          if (!Answering.CANCELLED.equals(fail.code())) {
            reply(c, id, fail);
          }
        });
  }
}
