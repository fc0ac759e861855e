package io.switchboard.core.channel.memory;

import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.ChannelStore;
import io.switchboard.core.channel.ChannelView;
import io.switchboard.core.channel.ExpiryListeners;
import io.switchboard.core.channel.JoinOutcome;
import io.switchboard.core.channel.Relayed;
import io.switchboard.core.channel.SeqText;
import io.switchboard.core.channel.StateChange;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single-node channel store: a map of channels, each guarded by its own lock. */
public final class MemoryChannelStore implements ChannelStore {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryChannelStore.class);

  private final Clock clock;
  private final ConcurrentHashMap<String, MemoryChannel> channels = new ConcurrentHashMap<>();
  private final ExpiryListeners expiryListeners = new ExpiryListeners(LOG);

  public MemoryChannelStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Boolean> create(ChannelSpec spec) {
    Instant now = clock.instant();
    boolean[] created = {false};
    channels.compute(spec.name(), (name, existing) -> {
      if (existing != null && !existing.expired(now)) {
        return existing;
      }
      created[0] = true;
      return new MemoryChannel(spec);
    });
    return Future.succeededFuture(created[0]);
  }

  @Override
  public Future<ChannelView> bind(String name, String slot, Binding binding, String requiredAttribute) {
    MemoryChannel c = live(name);
    return Future.succeededFuture(c == null ? null : c.bind(slot, binding, requiredAttribute, clock.instant()));
  }

  @Override
  public Future<JoinOutcome> join(String name, String slot, Binding binding, String connectionId, long afterSeq) {
    MemoryChannel c = live(name);
    return Future.succeededFuture(c == null ? new JoinOutcome.Invalid() : c.join(slot, binding, connectionId, afterSeq));
  }

  @Override
  public Future<ChannelView> leave(String name, String connectionId) {
    MemoryChannel c = channels.get(name);
    return Future.succeededFuture(c == null ? null : c.leave(connectionId, clock.instant()));
  }

  @Override
  public Future<Relayed> relay(String name, String senderId, StateChange change, SeqText text) {
    MemoryChannel c = live(name);
    return Future.succeededFuture(c == null ? null : c.relay(senderId, change, text));
  }

  @Override
  public Future<ChannelView> get(String name) {
    MemoryChannel c = live(name);
    return Future.succeededFuture(c == null ? null : c.view());
  }

  @Override
  public void sweep() {
    Instant now = clock.instant();
    for (var e : channels.entrySet()) {
      MemoryChannel c = e.getValue();
      if (c.expired(now) && channels.remove(e.getKey(), c)) {
        expiryListeners.tell(c.view());
      }
    }
  }

  @Override
  public void onExpired(Consumer<ChannelView> listener) {
    expiryListeners.add(listener);
  }

  @Override
  public int size() {
    return channels.size();
  }

  private MemoryChannel live(String name) {
    MemoryChannel c = channels.get(name);
    if (c == null || c.expired(clock.instant())) {
      return null;
    }
    return c;
  }
}
