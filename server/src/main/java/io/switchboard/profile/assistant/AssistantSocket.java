package io.switchboard.profile.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.ErrorFrames;
import io.switchboard.core.conn.JsonDispatcher;
import io.switchboard.core.conn.SocketEndpoint;
import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.CloseCodes;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.provider.Answer;
import io.switchboard.provider.Answering;
import io.switchboard.provider.Conversation;
import io.switchboard.provider.Question;
import io.switchboard.profile.assistant.audio.AudioClip;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The assistant WebSocket ({@code ws://host:8000/ws}): a {@code connection} greeting, then
 * {@code ping}, {@code chat}, {@code status} and {@code analyze}. Errors keep the seed's shape
 * ({@code type:"error"}, {@code message}, {@code timestamp}) plus the common {@code code}.
 */
final class AssistantSocket implements SocketEndpoint {
  private final Hub hub;
  private final AssistantSettings settings;
  private final Answering answering;
  private final JsonDispatcher dispatcher;
  private final AtomicInteger active = new AtomicInteger();

  AssistantSocket(Hub hub, AssistantSettings settings, Answering answering) {
    this.hub = hub;
    this.settings = settings;
    this.answering = answering;
    this.dispatcher = JsonDispatcher.builder()
        .on("ping", (c, m, raw) -> c.send(AssistantFrames.pong(hub.clock().instant())))
        .on("chat", this::chat)
        .on("status", this::status)
        .onLarge("analyze", this::analyze)
        .build();
  }

  int active() {
    return active.get();
  }

  @Override
  public String profile() {
    return AssistantProfile.NAME;
  }

  @Override
  public String renderError(Failure failure) {
    return Json.write(ErrorFrames.node(failure).put("timestamp", Json.time(hub.clock().instant())));
  }

  @Override
  public void onOpen(Connection c) {
    if (!settings.requireToken()) {
      start(c, null);
      return;
    }
    hub.credentials().verifyUser(token(c)).onComplete(ar -> {
      if (ar.failed()) {
        String why = ar.cause() instanceof FailureException f ? f.failure().message() : "Invalid token";
        hub.audit().record(new AuditEvent(hub.clock().instant(), "auth.failure", AssistantProfile.NAME, null,
            c.remoteIp(), AssistantProfile.WS_PATH, "failure", why));
        c.sendError(Failure.of(ErrorCode.INVALID_TOKEN, why));
        c.close(CloseCodes.POLICY, "Invalid token");
        return;
      }
      start(c, ar.result());
    });
  }

  private void start(Connection c, Principal p) {
    if (p != null) {
      c.authenticate(p);
    }
    c.attach(new AssistantSession(new Conversation(settings.memoryMessages()), answering.newInFlight()));
    active.incrementAndGet();
    c.onMessages(text -> dispatcher.dispatch(c, text, hub.connections().limits()),
        data -> c.sendError(Failure.of(ErrorCode.INVALID_MESSAGE, "Binary frames are not part of this protocol")));
    c.send(AssistantFrames.connection(hub.clock().instant()));
  }

  private static String token(Connection c) {
    String t = c.queryParam("token");
    if (t != null && !t.isEmpty()) {
      return t;
    }
    String auth = c.header("Authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
  }

  @Override
  public void onClose(Connection c) {
    AssistantSession s = c.attachment();
    if (s != null) {
      active.decrementAndGet();
      s.calls.cancelAll();
    }
  }

  private void chat(Connection c, ObjectNode msg, String raw) {
    AssistantSession s = c.attachment();
    Fields f = new Fields(msg);
    ChatRequest req = ChatRequest.parse(msg, f);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    Question q = new Question(req.message(), settings.team(), s.conversation.turns(), req.guidance());
    answering.ask(s.calls, q, req.stream() ? piece -> c.send(AssistantFrames.chatDelta(req, piece)) : null)
        .onComplete(ar -> answered(c, s, req, ar));
  }

  private void answered(Connection c, AssistantSession s, ChatRequest req, AsyncResult<Answer> ar) {
    if (ar.succeeded()) {
      s.conversation.remember(req.message(), ar.result().text());
      c.send(AssistantFrames.chatResponse(req, ar.result(), hub.clock().instant()));
      return;
    }
    Failure f = ar.cause() instanceof FailureException fe ? fe.failure()
        : Failure.of(ErrorCode.PROVIDER_ERROR, "The answering engine failed");
    if (Answering.CANCELLED.equals(f.code())) {
      return;
    }
    hub.metrics().error(AssistantProfile.NAME, f.code());
    c.send(AssistantFrames.chatError(req, f, hub.clock().instant()));
  }

  private void status(Connection c, ObjectNode msg, String raw) {
    AssistantSession s = c.attachment();
    c.send(AssistantFrames.status(answering.engine(), s.conversation.size(), active.get(), hub.clock().instant()));
  }

  private void analyze(Connection c, ObjectNode msg, String raw) {
    Fields f = new Fields(msg);
    AnalysisRequest req = AnalysisRequest.parse(msg, f);
    if (!f.ok()) {
      c.sendError(f.failure());
      return;
    }
    if (!req.hasAudio()) {
      c.send(AssistantFrames.analysis(req, Figures.fromLevels(req), hub.clock().instant()));
      return;
    }
    Future<Object> measured = hub.vertx().executeBlocking(() -> {
      Fields audio = new Fields(msg);
      AudioClip clip = req.clip(audio);
      return audio.ok() ? Figures.fromClip(req, clip) : audio.failure();
    }, false);
    measured.onComplete(ar -> {
      if (ar.failed()) {
        c.sendError(Failure.of(ErrorCode.INTERNAL, "Analysis failed"));
      } else if (ar.result() instanceof Failure bad) {
        c.sendError(bad);
      } else {
        c.send(AssistantFrames.analysis(req, (Figures) ar.result(), hub.clock().instant()));
      }
    });
  }
}
