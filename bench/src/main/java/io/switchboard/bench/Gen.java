package io.switchboard.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * The load generator's runtime: its own Vert.x with a few event loops, one context per loop
 * (connection {@code i} lives on context {@code i % loops}), a common time base for the
 * timestamps carried in messages, and bounded-concurrency setup of many connections.
 */
final class Gen implements AutoCloseable {
  /** Largest latency a histogram records, in nanoseconds; larger values are clamped. */
  static final long MAX_LATENCY_NANOS = 60_000_000_000L;

  final Vertx vertx;
  final List<Context> contexts;
  private final long base = System.nanoTime();
  private final int concurrency;
  private final boolean quiet;

  /**
   * Whether the generator and the bare relay use Linux epoll, as Switchboard does by default
   * ({@code -Dbench.native-transport=false} for Java NIO).
   */
  static boolean nativeTransport() {
    return Boolean.parseBoolean(System.getProperty("bench.native-transport", "true"));
  }

  Gen(int loops, int concurrency, boolean quiet) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(nativeTransport()));
    this.concurrency = concurrency;
    this.quiet = quiet;
    List<Context> found = Collections.synchronizedList(new ArrayList<>());
    vertx.deployVerticle(() -> new AbstractVerticle() {
      @Override
      public void start() {
        found.add(context);
      }
    }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
    this.contexts = List.copyOf(found);
  }

  /** Nanoseconds since the generator started: the clock of every timestamp in a message. */
  long now() {
    return System.nanoTime() - base;
  }

  Context context(int index) {
    return contexts.get(Math.floorMod(index, contexts.size()));
  }

  static Histogram histogram() {
    return new Histogram(MAX_LATENCY_NANOS, 3);
  }

  static long clamp(long nanos) {
    return Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS));
  }

  void log(String format, Object... args) {
    if (!quiet) {
      System.err.printf(format + "%n", args);
    }
  }

  /** The outcome of setting many things up: what succeeded, in index order, and the failures. */
  record Setup<T>(List<T> items, int failed, String firstFailure, double seconds) {}

  /**
   * Runs {@code f(i)} for i in [0, count) on context {@code i % loops}, at most {@code concurrency}
   * at a time; fails only when nothing succeeded.
   */
  <T> Setup<T> setup(String what, int count, IntFunction<Future<T>> f) {
    Object[] results = new Object[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> first = new AtomicReference<>();
    CountDownLatch latch = new CountDownLatch(count);
    long t0 = System.nanoTime();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      context(i).runOnContext(v -> {
        Future<T> fu;
        try {
          fu = f.apply(i);
        } catch (RuntimeException e) {
          fu = Future.failedFuture(e);
        }
        fu.onComplete(ar -> {
          if (ar.succeeded()) {
            results[i] = ar.result();
          } else {
            failed.incrementAndGet();
            first.compareAndSet(null, String.valueOf(ar.cause().getMessage()));
          }
          latch.countDown();
          worker[0].run();
        });
      });
    };
    for (int w = 0; w < Math.min(concurrency, count); w++) {
      worker[0].run();
    }
    try {
      while (!latch.await(5, TimeUnit.SECONDS)) {
        log("  %s: %d of %d set up, %d failed", what, count - latch.getCount() - failed.get(), count, failed.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during setup", e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<T> items = new ArrayList<>(count);
    for (Object o : results) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        T t = (T) o;
        items.add(t);
      }
    }
    if (failed.get() > 0) {
      log("  %s: %d of %d failed; first: %s", what, failed.get(), count, first.get());
    }
    if (items.isEmpty() && count > 0) {
      throw new IllegalStateException("no " + what + " could be set up: " + first.get());
    }
    log("  %s: %d set up in %.1f s", what, items.size(), seconds);
    return new Setup<>(items, failed.get(), first.get(), seconds);
  }

  static void sleep(double seconds) {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The generator's own CPU time in nanoseconds. */
  static long selfCpu() {
    return Probe.Proc.cpuNanos(ProcessHandle.current().pid());
  }

  /** Closes the links and waits a little for the closes to go out. */
  void closeAll(List<Link> links) {
    List<Future<Void>> closing = new ArrayList<>();
    for (Link l : links) {
      closing.add(l.close());
    }
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log("  closing connections: %s", e.toString());
    }
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
