package io.switchboard.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The hub's meters, exposed in Prometheus text at GET /metrics. Counters are created once and
 * cached, so the hot path pays a map lookup at most.
 */
public final class HubMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  public final Counter messagesIn;
  public final Counter messagesOut;
  public final Counter slowConsumerCloses;
  public final Counter audioDropped;
  public final Counter heartbeatCloses;

  public HubMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
    messagesIn = registry.counter("switchboard_messages_received");
    messagesOut = registry.counter("switchboard_messages_sent");
    slowConsumerCloses = registry.counter("switchboard_slow_consumer_closes");
    audioDropped = registry.counter("switchboard_audio_frames_dropped");
    heartbeatCloses = registry.counter("switchboard_heartbeat_closes");
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts an error sent to a client, by profile and code. */
  public void error(String profile, String code) {
    counter("switchboard_errors_sent", "profile", profile, "code", code).increment();
  }

  public Counter counter(String name, String... tags) {
    String key = name + String.join(",", tags);
    return counters.computeIfAbsent(key, k -> registry.counter(name, tags));
  }

  public void gauge(String name, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
