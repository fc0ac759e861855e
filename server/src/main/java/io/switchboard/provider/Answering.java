package io.switchboard.provider;

import io.switchboard.core.error.Failure;
import io.switchboard.core.error.FailureException;
import io.switchboard.core.metrics.HubMetrics;
import io.switchboard.protocol.ErrorCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the same rules around every engine: a bound on calls per connection (PROVIDER_BUSY), a
 * timeout that cancels the call (PROVIDER_TIMEOUT), cancellation when the connection closes, and
 * failures as values (PROVIDER_ERROR with a message a person can act on). Results and streamed
 * pieces are delivered on the asking connection's event loop, in order.
 */
public final class Answering {
  /** The failure of a call abandoned because its client disconnected (nobody sees it). */
  public static final String CANCELLED = "CANCELLED";
  private static final Logger LOG = LoggerFactory.getLogger(Answering.class);

  private final Vertx vertx;
  private final AnswerProvider provider;
  private final Duration timeout;
  private final int perConnection;
  private final HubMetrics metrics;

  public Answering(Vertx vertx, AnswerProvider provider, Duration timeout, int perConnection, HubMetrics metrics) {
    this.vertx = vertx;
    this.provider = provider;
    this.timeout = timeout;
    this.perConnection = perConnection;
    this.metrics = metrics;
  }

  public String engine() {
    return provider.engine();
  }

  public Duration timeout() {
    return timeout;
  }

  /** A new, empty set of calls for one connection. */
  public InFlight newInFlight() {
    return new InFlight(perConnection);
  }

  /**
   * Asks the engine, on behalf of a connection whose calls are {@code calls}. Call it on the
   * connection's event loop; {@code deltas} (null: no streaming) and the result run there too.
   */
  public Future<Answer> ask(InFlight calls, Question question, Handler<String> deltas) {
    if (calls.full()) {
      count("busy");
      return Future.failedFuture(Failure.of(ErrorCode.PROVIDER_BUSY, "Too many questions in progress on this "
          + "connection; wait for an answer first", Map.of("max_in_flight", perConnection)).asException());
    }
    Context context = vertx.getOrCreateContext();
    Promise<Answer> promise = Promise.promise();
    AtomicBoolean done = new AtomicBoolean();
    ProviderCall call = start(question, deltas, context, done);
    if (call == null) {
      return Future.failedFuture(providerError("The answering engine failed to start"));
    }
    Pending p = new Pending(context, calls, promise, done);
    // Each path settles the call before cancelling the engine's work, whose own failure then comes second.
    p.entry = new InFlight.Entry(() -> {
      finish(p, Future.failedFuture(Failure.of(CANCELLED, "The client disconnected").asException()));
      call.cancel();
    });
    if (!calls.add(p.entry)) {
      call.cancel();
      return Future.failedFuture(Failure.of(CANCELLED, "The client disconnected").asException());
    }
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      finish(p, Future.failedFuture(timedOut()));
      call.cancel();
    });
    call.answer().onComplete(ar -> {
      vertx.cancelTimer(timer);
      finish(p, ar);
    });
    return promise.future();
  }

  /** Starts the engine's call, with streamed pieces passed on (in order) on the connection's loop; null if it threw. */
  private ProviderCall start(Question question, Handler<String> deltas, Context context, AtomicBoolean done) {
    Handler<String> pieces = deltas == null ? null : piece -> context.runOnContext(v -> {
      if (!done.get()) {
        deltas.handle(piece);
      }
    });
    try {
      return provider.ask(question, pieces);
    } catch (RuntimeException e) {
      LOG.error("engine {} failed to start", provider.engine(), e);
      return null;
    }
  }

  private RuntimeException timedOut() {
    return Failure.of(ErrorCode.PROVIDER_TIMEOUT, "No answer within " + timeout.toMillis() / 1000.0
        + " s; try again or ask something shorter", Map.of("timeout_ms", timeout.toMillis())).asException();
  }

  /** One call's completion state: finished exactly once, by its answer, its timeout or a cancel. */
  private static final class Pending {
    final Context context;
    final InFlight calls;
    final Promise<Answer> promise;
    final AtomicBoolean done;
    InFlight.Entry entry;

    Pending(Context context, InFlight calls, Promise<Answer> promise, AtomicBoolean done) {
      this.context = context;
      this.calls = calls;
      this.promise = promise;
      this.done = done;
    }
  }

  private void finish(Pending p, AsyncResult<Answer> ar) {
    p.context.runOnContext(v -> {
      if (!p.done.compareAndSet(false, true)) {
        return;
      }
      p.calls.remove(p.entry);
      if (ar.succeeded()) {
        count("success");
        p.promise.tryComplete(ar.result());
        return;
      }
      Failure f = ar.cause() instanceof FailureException fe ? fe.failure() : null;
      if (f == null) {
        LOG.warn("engine {} failed: {}", provider.engine(), ar.cause().toString());
        f = Failure.of(ErrorCode.PROVIDER_ERROR, "The answering engine failed: " + ar.cause().getMessage());
      }
      count(outcome(f.code()));
      p.promise.tryFail(f.asException());
    });
  }

  private static String outcome(String code) {
    return switch (code) {
      case ErrorCode.PROVIDER_TIMEOUT -> "timeout";
      case CANCELLED -> "cancelled";
      default -> "error";
    };
  }

  private void count(String outcome) {
    if (metrics != null) {
      metrics.counter("switchboard_provider_calls", "engine", provider.engine(), "outcome", outcome).increment();
    }
  }

  /** A PROVIDER_ERROR failure as an exception, for engines to fail their calls with. */
  public static FailureException providerError(String message) {
    return Failure.of(ErrorCode.PROVIDER_ERROR, message).asException();
  }

  public void close() {
    provider.close();
  }
}
