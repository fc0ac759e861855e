package io.switchboard.client.pairing.impl;

import io.switchboard.client.Registration;
import io.switchboard.client.pairing.PairingEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's event handlers. {@link #emit} is called only on the socket's ordered callback
 * thread, so handlers see events one at a time and in order; registration works from any thread.
 */
final class PairingListeners {
  private static final Logger LOG = LoggerFactory.getLogger(PairingListeners.class);

  private record Slot(Class<?> kind, Consumer<Object> handler) {}

  private final List<Slot> slots = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  <E extends PairingEvent> Registration on(Class<E> kind, Consumer<? super E> handler) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
    Slot slot = new Slot(kind, e -> ((Consumer<Object>) handler).accept(e));
    slots.add(slot);
    return () -> slots.remove(slot);
  }

  void emit(PairingEvent event) {
    for (Slot s : slots) {
      if (s.kind().isInstance(event)) {
        try {
          s.handler().accept(event);
        } catch (RuntimeException e) {
          LOG.warn("pairing event handler failed on {}", event.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
