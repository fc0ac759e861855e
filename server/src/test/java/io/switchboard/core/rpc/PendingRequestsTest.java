package io.switchboard.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.error.FailureException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waits for replies: timed out, answered once, bounded. */
class PendingRequestsTest {
  private final Vertx vertx = Vertx.vertx();
  private final PendingRequests<String> pending = new PendingRequests<>(vertx, 2);

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
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
