package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.metrics.HubMetrics;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-IP connection count under upgrades and closes racing on several threads (event loops do
 * this): never more than the limit held at once, and no slot lost or left behind.
 */
@Timeout(60)
class PerIpSlotsTest {
  /** One: the count keeps going through zero, where a release removes the IP's entry. */
  private static final int LIMIT = 1;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void reservationsAndReleasesRacingOnOneIpKeepTheCountExact() {
    ConnectionRegistry registry = new ConnectionRegistry(vertx, new HubMetrics(),
        Limits.from(Config.defaults().with(Map.of(Keys.PER_IP, Integer.toString(LIMIT)))), Duration.ofSeconds(30), 2);
    AtomicInteger held = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(CompletableFuture.runAsync(() -> {
        await(start);
        for (int i = 0; i < 50_000; i++) {
          if (registry.reserveIp("198.51.100.7") != null) {
            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            held.decrementAndGet();
            registry.releaseIp("198.51.100.7");
          }
        }
      }, runnable -> new Thread(runnable).start()));
    }
    start.countDown();
    threads.forEach(CompletableFuture::join);

    assertThat(mostHeld.get()).isLessThanOrEqualTo(LIMIT);
    for (int i = 0; i < LIMIT; i++) {
      assertThat(registry.reserveIp("198.51.100.7")).as("slot %d after the race", i + 1).isNotNull();
    }
    assertThat(registry.reserveIp("198.51.100.7")).as("one over the limit").isNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
