package io.switchboard.profile.glasses;

import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.switchboard.core.conn.Connection;

/** Broker receivers that write deliveries to one connection: audio droppable, the rest as control traffic. */
final class Deliveries {
  private Deliveries() {}

  static Receiver to(Connection c) {
    return new Receiver() {
      @Override
      public String id() {
        return c.id();
      }

      @Override
      public void receive(Delivery d) {
        if (d.binary() != null) {
          c.sendBinaryDroppable(d.binary());
        } else if (d.droppable()) {
          c.sendDroppable(d.text());
        } else {
          c.send(d.text());
        }
      }
    };
  }
}
