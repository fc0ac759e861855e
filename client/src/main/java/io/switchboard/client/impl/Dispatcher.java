package io.switchboard.client.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Registration;
import io.switchboard.client.StateChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's handlers and listeners, and their delivery: every event is handed to the
 * ordered callback executor, so handlers see events one at a time in the order they happened.
 * Registration and removal are safe from any thread, including from inside a handler.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Callbacks callbacks;
  private final Map<String, List<Slot<JsonNode>>> byType = new ConcurrentHashMap<>();
  private final List<Slot<JsonNode>> any = new CopyOnWriteArrayList<>();
  private final List<Slot<byte[]>> binary = new CopyOnWriteArrayList<>();
  private final List<Slot<StateChange>> states = new CopyOnWriteArrayList<>();

  /** One registration; a fresh object each time, so removing it never removes another. */
  private static final class Slot<T> {
    final Consumer<? super T> handler;

    Slot(Consumer<? super T> handler) {
      this.handler = handler;
    }
  }

  Dispatcher(Callbacks callbacks) {
    this.callbacks = callbacks;
  }

  Registration on(String type, Consumer<JsonNode> handler) {
    return add(byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()), handler);
  }

  Registration onAny(Consumer<JsonNode> handler) {
    return add(any, handler);
  }

  Registration onBinary(Consumer<byte[]> handler) {
    return add(binary, handler);
  }

  Registration onState(Consumer<StateChange> listener) {
    return add(states, listener);
  }

  private static <T> Registration add(List<Slot<T>> list, Consumer<? super T> handler) {
    java.util.Objects.requireNonNull(handler, "handler");
    Slot<T> slot = new Slot<>(handler);
    list.add(slot);
    return () -> list.remove(slot);
  }

  /** Queues delivery of a message to the handlers of its type, then to the catch-all handlers. */
  void message(JsonNode msg) {
    String type = msg.path("type").asText("");
    callbacks.ordered(() -> {
      List<Slot<JsonNode>> typed = byType.get(type);
      if (typed != null) {
        deliver(typed, msg);
      }
      deliver(any, msg);
    });
  }

  void binary(byte[] data) {
    callbacks.ordered(() -> deliver(binary, data));
  }

  void state(StateChange change) {
    callbacks.ordered(() -> deliver(states, change));
  }

  private static <T> void deliver(List<Slot<T>> slots, T event) {
    for (Slot<T> s : slots) {
      try {
        s.handler.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("handler failed on {}", event instanceof JsonNode n ? n.path("type").asText() : "event", e);
      }
    }
  }
}
