package io.switchboard.core.broker.memory;

import io.switchboard.core.broker.Broker;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The single-node broker: topic → local receivers, delivered in the publisher's thread. */
public final class MemoryBroker implements Broker {
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<Receiver>> topics = new ConcurrentHashMap<>();

  @Override
  public Subscription subscribe(String topic, Receiver receiver) {
    topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(receiver);
    return () -> topics.computeIfPresent(topic, (t, list) -> {
      list.remove(receiver);
      return list.isEmpty() ? null : list;
    });
  }

  @Override
  public Future<Void> publish(String topic, Delivery delivery) {
    deliver(topic, delivery);
    return Future.succeededFuture();
  }

  /** True when a receiver other than the excluded one got the message (this node is the whole cluster). */
  @Override
  public Future<Boolean> publishReached(String topic, Delivery delivery) {
    return Future.succeededFuture(deliver(topic, delivery));
  }

  private boolean deliver(String topic, Delivery delivery) {
    CopyOnWriteArrayList<Receiver> receivers = topics.get(topic);
    boolean reached = false;
    if (receivers != null) {
      for (Receiver r : receivers) {
        if (!r.id().equals(delivery.excludeId())) {
          r.receive(delivery);
          reached = true;
        }
      }
    }
    return reached;
  }

  /** Subscribers of a topic on this node (for tests and metrics). */
  public int subscribers(String topic) {
    CopyOnWriteArrayList<Receiver> receivers = topics.get(topic);
    return receivers == null ? 0 : receivers.size();
  }
}
