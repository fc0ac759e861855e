package io.switchboard.client;

/** A handler or listener registration; {@link #remove()} unregisters it (idempotent, any thread). */
@FunctionalInterface
public interface Registration {
  void remove();
}
