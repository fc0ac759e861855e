package io.switchboard.client.pairing;

import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Everything a {@link PairingClient} reported, in order, with bounded waits for what is expected. */
final class EventLog {
  private final List<PairingEvent> events = new CopyOnWriteArrayList<>();
  private final Set<PairingEvent> taken =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  static EventLog of(PairingClient client) {
    EventLog log = new EventLog();
    client.onEvent(log.events::add);
    return log;
  }

  /** The first event of this kind not returned before. */
  <E extends PairingEvent> E await(Class<E> kind) {
    return await(kind, e -> true);
  }

  /** The first event of this kind matching, not returned before; waits up to 15 s. */
  <E extends PairingEvent> E await(Class<E> kind, Predicate<E> match) {
    List<E> found = new ArrayList<>(1);
    Awaitility.await().atMost(Duration.ofSeconds(15)).alias("a " + kind.getSimpleName() + " in " + events).until(() -> {
      for (PairingEvent e : events) {
        if (kind.isInstance(e) && !taken.contains(e) && match.test(kind.cast(e))) {
          taken.add(e);
          found.add(kind.cast(e));
          return true;
        }
      }
      return false;
    });
    return found.get(0);
  }

  <E extends PairingEvent> List<E> all(Class<E> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
