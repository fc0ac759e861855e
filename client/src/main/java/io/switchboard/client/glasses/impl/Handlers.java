package io.switchboard.client.glasses.impl;

import io.switchboard.client.Registration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's handlers of one kind of event. {@link #emit} is called only on the socket's
 * ordered callback thread, so handlers see events one at a time and in order; registration and
 * removal work from any thread, including from inside a handler.
 */
final class Handlers<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);

  /** One registration; a fresh object each time, so removing it never removes another. */
  private static final class Slot<T> {
    final Consumer<? super T> handler;

    Slot(Consumer<? super T> handler) {
      this.handler = handler;
    }
  }

  private final String what;
  private final List<Slot<T>> slots = new CopyOnWriteArrayList<>();

  Handlers(String what) {
    this.what = what;
  }

  Registration add(Consumer<? super T> handler) {
    Objects.requireNonNull(handler, "handler");
    Slot<T> slot = new Slot<>(handler);
    slots.add(slot);
    return () -> slots.remove(slot);
  }

  void emit(T event) {
    for (Slot<T> s : slots) {
      try {
        s.handler.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("{} handler failed", what, e);
      }
    }
  }
}
