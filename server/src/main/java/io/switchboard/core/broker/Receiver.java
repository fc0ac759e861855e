package io.switchboard.core.broker;

/** A local subscriber, usually one connection. {@link #receive} may be called from any thread. */
public interface Receiver {
  String id();

  void receive(Delivery delivery);
}
