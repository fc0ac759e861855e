package io.switchboard.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.error.FailureException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waits for replies: answered on the waiter's own context, timed out, bounded. */
class PendingRequestsTest {
  private final Vertx vertx = Vertx.vertx();
  private final PendingRequests<String> pending = new PendingRequests<>(vertx, 2);

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aReplyFromAnotherThreadIsHandledOnTheWaitersContext() throws Exception {
    Context waiter = vertx.getOrCreateContext();
    CompletableFuture<String> seen = new CompletableFuture<>();
    waiter.runOnContext(v -> pending.await("a", Duration.ofSeconds(10)).onComplete(ar -> seen.complete(
        (Vertx.currentContext() == waiter ? "waiter's context: " : "elsewhere: ") + ar.result())));
    // the reply comes from a thread of no context, as a broker delivery or another loop's would
    CompletableFuture<Boolean> completed = new CompletableFuture<>();
    Thread other = new Thread(() -> {
      while (pending.size() == 0) {
        Thread.onSpinWait();
      }
      completed.complete(pending.complete("a", "done"));
    });
    other.start();
    assertThat(completed.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("waiter's context: done");
    assertThat(pending.complete("a", "again")).isFalse();
  }

  @Test
  void aWaitWithoutReplyTimesOutAndALateReplyFindsNobody() throws Exception {
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v ->
        pending.await("b", Duration.ofMillis(50)).onFailure(failed::complete));
    Throwable t = failed.get(10, TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(FailureException.class);
    assertThat(((FailureException) t).failure().code()).isEqualTo(PendingRequests.TIMEOUT);
    assertThat(pending.complete("b", "late")).isFalse();
    assertThat(pending.size()).isZero();
  }

  @Test
  void waitsOverTheBoundAreRefusedAtOnce() {
    pending.await("c1", Duration.ofSeconds(10));
    pending.await("c2", Duration.ofSeconds(10));
    Throwable refused = pending.await("c3", Duration.ofSeconds(10)).cause();
    assertThat(((FailureException) refused).failure().code()).isEqualTo(PendingRequests.OVERLOADED);
    assertThat(pending.size()).isEqualTo(2);
  }
}
