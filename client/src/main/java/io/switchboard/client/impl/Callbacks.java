package io.switchboard.client.impl;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the client's code meets the application's: handlers and listeners run {@link #ordered} (one
 * at a time, in event order); futures complete on the pool, outside that order, so a handler may
 * wait on a future without deadlocking. Neither ever runs on an event loop (unless the application
 * supplied an executor that runs tasks inline).
 */
public final class Callbacks {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Executor pool;
  private final ExecutorService owned;
  private final SerialExecutor ordered;

  private Callbacks(Executor pool, ExecutorService owned) {
    this.pool = pool;
    this.owned = owned;
    this.ordered = new SerialExecutor(pool);
  }

  /** Uses {@code supplied}, or a daemon thread pool of its own when null. */
  public static Callbacks create(Executor supplied) {
    if (supplied != null) {
      return new Callbacks(supplied, null);
    }
    ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
    return new Callbacks(pool, pool);
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "switchboard-client-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The pool, for work that may block (token suppliers) and future completions. */
  public Executor pool() {
    return pool;
  }

  /** Whether the pool was created here (and is shut down by {@link #shutdown()}). */
  public boolean ownsPool() {
    return owned != null;
  }

  public void ordered(Runnable task) {
    ordered.execute(task);
  }

  public <T> void complete(CompletableFuture<T> future, T value) {
    run(() -> future.complete(value));
  }

  public void fail(CompletableFuture<?> future, Throwable cause) {
    run(() -> future.completeExceptionally(cause));
  }

  /** A future completed on the pool when the Vert.x future completes. */
  public <T> CompletableFuture<T> from(Future<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.onComplete(ar -> {
      if (ar.succeeded()) {
        complete(result, ar.result());
      } else {
        fail(result, ar.cause());
      }
    });
    return result;
  }

  public void run(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** Shuts the owned pool down once the ordered callbacks queued so far have run. */
  public void shutdown() {
    if (owned != null) {
      ordered(owned::shutdown);
    }
  }
}
