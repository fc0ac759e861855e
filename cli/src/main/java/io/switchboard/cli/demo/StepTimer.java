package io.switchboard.cli.demo;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time budget of the current step. Every wait of the demo goes through it, on the demo's own
 * thread (never an event loop), and none may outlast the step's deadline.
 */
final class StepTimer {
  private final Duration limit;
  private long deadline;

  StepTimer(Duration limit) {
    this.limit = limit;
    restart();
  }

  void restart() {
    deadline = System.nanoTime() + limit.toNanos();
  }

  Duration limit() {
    return limit;
  }

  long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** The future's result, or a failure naming {@code what} when it fails or does not finish in time. */
  <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new DemoFailure(what + ": no answer within " + seconds());
    } catch (ExecutionException e) {
      throw new DemoFailure(what + ": " + describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure(what + ": interrupted");
    }
  }

  /** The queue's next element, or null when nothing arrives before the deadline. */
  <T> T poll(BlockingQueue<T> queue) {
    try {
      return queue.poll(remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }

  String seconds() {
    long ms = limit.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
