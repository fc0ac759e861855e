package io.switchboard.client.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

  /**
   * Calls an application's supplier on the pool (it may block) and flattens its stage; the result
   * completes wherever that stage completes. A supplier that throws or returns null fails it.
   */
  public <T> CompletableFuture<T> supply(Supplier<? extends CompletionStage<T>> supplier) {
    return CompletableFuture.supplyAsync(() -> (CompletionStage<T>) supplier.get(), pool).thenCompose(stage -> stage);
  }

  /** The failure inside the {@link CompletionException} wrappers that dependent stages add. */
  public static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A small Vert.x instance for a client that brings none: one event loop, one worker. */
  public static Vertx smallVertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
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
