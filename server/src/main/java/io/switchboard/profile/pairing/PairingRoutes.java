package io.switchboard.profile.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.ChannelView;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.http.Rest;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The pairing REST endpoints: WS tokens for desktop and mobile, code generation, pairing. All need
 * a user JWT. Failures are {"success":false,"error":CODE,"message"} with 400/401/404/429.
 */
final class PairingRoutes {
  private static final Pattern CODE = Pattern.compile("\\d{6}");
  private static final int SESSION_ID_MAX = 128;

  private final Hub hub;
  private final PairingSettings settings;
  private final PairingGuard guard;
  private final SecureRandom random = new SecureRandom();

  PairingRoutes(Hub hub, PairingSettings settings, PairingGuard guard) {
    this.hub = hub;
    this.settings = settings;
    this.guard = guard;
  }

  void mount(Router router) {
    router.post("/api/auth/ws-token").handler(ctx -> authenticated(ctx, (c, p) -> wsToken(c, p, "desktop")));
    router.post("/api/auth/ws-token-mobile").handler(ctx -> authenticated(ctx, (c, p) -> wsToken(c, p, "mobile")));
    router.post("/api/generate-pair-code").handler(ctx -> authenticated(ctx, this::generate));
    router.post("/api/pair-device").handler(ctx -> authenticated(ctx, this::pair));
  }

  private void authenticated(RoutingContext ctx, BiConsumer<RoutingContext, Principal> next) {
    String ip = Rest.clientIp(ctx);
    hub.credentials().verifyUser(Rest.bearer(ctx)).onComplete(ar -> {
      if (ar.succeeded()) {
        next.accept(ctx, ar.result());
        return;
      }
      String message = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
      audit("auth.failure", null, ip, ctx.request().path(), "failure", message);
      fail(ctx, 401, ErrorCode.INVALID_TOKEN, message, null);
    });
  }

  private void wsToken(RoutingContext ctx, Principal user, String deviceType) {
    String token = hub.credentials().issueWsToken(user.userId(), deviceType);
    Rest.reply(ctx, 200, Json.object().put("token", token)
        .put("expires_in", hub.credentials().wsTokenTtl().toSeconds())
        .put("device_type", deviceType));
  }

  private void generate(RoutingContext ctx, Principal user) {
    JsonNode body = Rest.body(ctx);
    if (body == null) {
      fail(ctx, 400, ErrorCode.INVALID_JSON, "Invalid JSON format", null);
      return;
    }
    Fields f = new Fields(body);
    String desktopSession = f.string("desktop_session_id", SESSION_ID_MAX);
    if (!f.ok()) {
      fail(ctx, 400, ErrorCode.INVALID_MESSAGE, f.failure().message(), f.failure().details());
      return;
    }
    guard.allowCode(user.userId()).onComplete(allowed -> {
      if (allowed.succeeded() && allowed.result()) {
        createCode(ctx, user, desktopSession);
      } else {
        fail(ctx, 429, ErrorCode.RATE_LIMITED, "Too many pairing codes; try again later",
            Map.of("retry_after_ms", guard.codeRetryAfterMillis()));
      }
    });
  }

  private void createCode(RoutingContext ctx, Principal user, String desktopSession) {
    Instant expires = hub.clock().instant().plus(settings.codeTtl());
    createUniqueCode(user.userId(), desktopSession, expires, 20).onComplete(ar -> {
      if (ar.failed() || ar.result() == null) {
        fail(ctx, 503, ErrorCode.INTERNAL, "No pairing code available; try again", null);
        return;
      }
      String code = ar.result();
      String channel = PairingChannels.name(code);
      audit("pairing.code", user.userId(), Rest.clientIp(ctx), channel, "success", null);
      Rest.reply(ctx, 200, Json.object()
          .put("code", code)
          .put("expires_at", Json.time(expires))
          .put("channel_id", channel)
          .put("expiresAt", Json.time(expires))
          .put("expiresIn", settings.codeTtl().toSeconds())
          .put("channelId", channel));
    });
  }

  /** Draws codes until one names no live channel, and creates that channel. */
  private Future<String> createUniqueCode(String user, String desktopSession, Instant expires, int triesLeft) {
    if (triesLeft == 0) {
      return Future.succeededFuture(null);
    }
    String code = String.format("%06d", random.nextInt(1_000_000));
    ChannelSpec spec = new ChannelSpec(PairingChannels.name(code), PairingChannels.slots(settings.maxDevices()),
        Map.of(PairingChannels.DESKTOP, new Binding(user, desktopSession)),
        Map.of("code", code, "owner", user), expires, settings.grace(), settings.replayBuffer(),
        PairingChannels.ESTABLISHED_BY);
    return hub.channels().create(spec)
        .compose(created -> created ? Future.succeededFuture(code)
            : createUniqueCode(user, desktopSession, expires, triesLeft - 1));
  }

  private void pair(RoutingContext ctx, Principal user) {
    String ip = Rest.clientIp(ctx);
    String who = user.userId();
    guard.reserve(who, ip).onComplete(reserved -> {
      if (reserved.failed()) {
        // Fail closed: without the shared count, guesses would go unbounded.
        audit("pairing.attempt", who, ip, null, "error", ErrorCode.INTERNAL);
        fail(ctx, 503, ErrorCode.INTERNAL, "Pairing is temporarily unavailable: attempts cannot be counted; "
            + "try again shortly", null);
      } else if (!reserved.result()) {
        audit("pairing.attempt", who, ip, null, "blocked", ErrorCode.RATE_LIMITED);
        answer(() -> fail(ctx, 429, ErrorCode.RATE_LIMITED, "Too many failed pairing attempts; try again later",
            Map.of("retry_after_ms", guard.retryAfterMillis())));
      } else {
        attempt(ctx, who, ip);
      }
    });
  }

  /** A pair-device attempt that holds its per-user and per-IP slots. */
  private void attempt(RoutingContext ctx, String who, String ip) {
    JsonNode body = Rest.body(ctx);
    JsonNode codeNode = body == null ? null : body.get("code");
    String code = codeNode != null && codeNode.isTextual() ? codeNode.asText() : null;
    Fields f = new Fields(body);
    String mobileSession = f.string("mobile_session_id", SESSION_ID_MAX);
    String refusal = body == null ? ErrorCode.INVALID_JSON
        : code == null || !CODE.matcher(code).matches() ? ErrorCode.INVALID_CODE_FORMAT
        : !f.ok() ? ErrorCode.INVALID_MESSAGE : null;
    if (refusal != null) {
      // Not a guess: it cannot match a code, so it takes no failure slot.
      guard.release(who, ip);
      audit("pairing.attempt", who, ip, null, "failure", refusal);
      answer(() -> refuseMalformed(ctx, refusal, f));
      return;
    }
    String channel = PairingChannels.name(code);
    String owner = settings.userScope() ? "owner=" + who : null;
    bindMobile(channel, new Binding(who, mobileSession), owner)
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() != null) {
            guard.release(who, ip);
            audit("pairing.attempt", who, ip, channel, "success", null);
            answer(() -> Rest.reply(ctx, 200, Json.object().put("success", true).put("channel_id", channel)
                .put("channelId", channel).put("message", "Device paired successfully")));
            return;
          }
          guard.confirmFailure();
          audit("pairing.attempt", who, ip, null, "failure", ErrorCode.CODE_NOT_FOUND);
          answer(() -> fail(ctx, 404, ErrorCode.CODE_NOT_FOUND,
              "Pairing code not found, expired or already used", null));
        });
  }

  /**
   * Binds the mobile slot (two devices), or the first free mobile slot of a larger channel; null
   * when the code is unknown, expired, someone else's, used up, or already paired with this session.
   */
  private Future<ChannelView> bindMobile(String channel, Binding who, String owner) {
    if (!settings.groups()) {
      return hub.channels().bind(channel, PairingChannels.MOBILE, who, owner);
    }
    return bindFreeMobile(channel, who, owner, 2);
  }

  private Future<ChannelView> bindFreeMobile(String channel, Binding who, String owner, int lookupsLeft) {
    return hub.channels().get(channel).compose(view -> {
      if (view == null || lookupsLeft == 0 || !ownedBy(view, owner)
          || PairingChannels.mobileSlotOf(view, who) != null) {
        return Future.succeededFuture(null);
      }
      List<String> free = PairingChannels.freeMobileSlots(view);
      if (free.isEmpty()) {
        return Future.succeededFuture(null);
      }
      // Mobiles pairing at the same time race for the same slots: the losers try the next ones.
      return bindFirst(channel, free, 0, who, owner)
          .compose(bound -> bound != null ? Future.succeededFuture(bound)
              : bindFreeMobile(channel, who, owner, lookupsLeft - 1));
    });
  }

  private Future<ChannelView> bindFirst(String channel, List<String> slots, int i, Binding who, String owner) {
    if (i == slots.size()) {
      return Future.succeededFuture(null);
    }
    return hub.channels().bind(channel, slots.get(i), who, owner)
        .compose(bound -> bound != null ? Future.succeededFuture(bound) : bindFirst(channel, slots, i + 1, who, owner));
  }

  private static boolean ownedBy(ChannelView view, String requiredOwner) {
    return requiredOwner == null
        || requiredOwner.substring(requiredOwner.indexOf('=') + 1).equals(view.attributes().get("owner"));
  }

  private void refuseMalformed(RoutingContext ctx, String code, Fields f) {
    switch (code) {
      case ErrorCode.INVALID_JSON -> fail(ctx, 400, code, "Invalid JSON format", null);
      case ErrorCode.INVALID_CODE_FORMAT -> fail(ctx, 400, code, "Pairing code must be a string of 6 digits", null);
      default -> fail(ctx, 400, code, f.failure().message(), f.failure().details());
    }
  }

  /** Every pair-device answer is delayed while the global failure budget is exceeded. */
  private void answer(Runnable reply) {
    guard.overGlobalBudget().onComplete(over -> {
      if (over.result()) {
        hub.vertx().setTimer(settings.globalSlowdown().toMillis(), t -> reply.run());
      } else {
        reply.run();
      }
    });
  }

  private void audit(String kind, String actor, String ip, String subject, String outcome, String detail) {
    hub.audit().record(new AuditEvent(hub.clock().instant(), kind, PairingProfile.NAME, actor, ip, subject,
        outcome, detail));
  }

  private void fail(RoutingContext ctx, int status, String code, String message, Map<String, Object> details) {
    hub.metrics().error(PairingProfile.NAME, code);
    ObjectNode body = Json.object().put("success", false).put("error", code).put("message", message);
    if (details != null && !details.isEmpty()) {
      body.set("details", Json.MAPPER.valueToTree(details));
    }
    Rest.reply(ctx, status, body);
  }
}
