package io.switchboard.core.channel.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.ChannelView;
import io.switchboard.core.channel.JoinOutcome;
import io.switchboard.core.channel.Relayed;
import io.switchboard.core.channel.SeqText;
import io.switchboard.core.channel.StateChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One channel's state; every method runs under the channel's lock. */
final class MemoryChannel {
  private final ChannelSpec spec;
  private final Map<String, Binding> bindings;
  private final Map<String, String> occupants = new LinkedHashMap<>();
  private final Map<String, ChannelView.Versioned> state = new LinkedHashMap<>();
  private final ReplayRing replay;
  private Instant expiresAt;
  private long version;
  private long seq;

  MemoryChannel(ChannelSpec spec) {
    this.spec = spec;
    this.bindings = new LinkedHashMap<>(spec.bindings());
    this.expiresAt = spec.expiresAt();
    this.replay = new ReplayRing(spec.replayCapacity());
  }

  synchronized boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  synchronized ChannelView bind(String slot, Binding binding, String requiredAttribute, Instant now) {
    if (!spec.slots().contains(slot) || bindings.containsKey(slot) || !attributeMatches(requiredAttribute)
        || (spec.expiresAt() != null && !now.isBefore(spec.expiresAt()))) {
      return null;
    }
    bindings.put(slot, binding);
    if (established()) {
      expiresAt = occupants.isEmpty() ? now.plus(spec.graceAfterEmpty()) : null;
    }
    return view();
  }

  synchronized JoinOutcome join(String slot, Binding binding, String connectionId, long afterSeq) {
    Binding bound = bindings.get(slot);
    if (bound == null || !bound.equals(binding)) {
      return new JoinOutcome.Invalid();
    }
    String occupant = occupants.get(slot);
    if (occupant != null && !occupant.equals(connectionId)) {
      return new JoinOutcome.Full(occupants.size(), spec.capacity());
    }
    occupants.put(slot, connectionId);
    if (established()) {
      expiresAt = null;
    }
    // A member that rejoins on a new connection must not get back what its own slot sent.
    List<Relayed> missed = afterSeq >= 0 ? replay.after(afterSeq, slot) : List.of();
    return new JoinOutcome.Joined(view(), missed);
  }

  synchronized ChannelView leave(String connectionId, Instant now) {
    String slot = slotOf(connectionId);
    if (slot == null) {
      return null;
    }
    occupants.remove(slot);
    if (occupants.isEmpty() && established()) {
      expiresAt = now.plus(spec.graceAfterEmpty());
    }
    return view();
  }

  synchronized Relayed relay(String senderId, StateChange change, SeqText text) {
    String senderSlot = slotOf(senderId);
    if (senderSlot == null) {
      return null;
    }
    if (change != null) {
      apply(change);
    }
    Relayed r = new Relayed(++seq, senderId, text.render(seq));
    replay.add(r, senderSlot);
    return r;
  }

  synchronized ChannelView view() {
    List<ChannelView.Member> members = new ArrayList<>();
    occupants.forEach((slot, conn) -> {
      Binding b = bindings.get(slot);
      members.add(new ChannelView.Member(slot, conn, b.userId(), b.sessionId()));
    });
    return new ChannelView(spec.name(), spec.capacity(), spec.attributes(), List.copyOf(members),
        Map.copyOf(state), version, seq, established(), Map.copyOf(bindings));
  }

  private void apply(StateChange change) {
    version++;
    ChannelView.Versioned current = state.get(change.key());
    JsonNode value = change.value();
    if (change.merge() && current != null && current.value() instanceof ObjectNode old
        && value instanceof ObjectNode update) {
      ObjectNode merged = old.deepCopy();
      merged.setAll(update);
      value = merged;
    } else {
      value = value.deepCopy();
    }
    state.put(change.key(), new ChannelView.Versioned(value, version));
  }

  private String slotOf(String connectionId) {
    for (Map.Entry<String, String> e : occupants.entrySet()) {
      if (e.getValue().equals(connectionId)) {
        return e.getKey();
      }
    }
    return null;
  }

  private boolean established() {
    return bindings.size() >= spec.quorum();
  }

  private boolean attributeMatches(String required) {
    if (required == null) {
      return true;
    }
    int eq = required.indexOf('=');
    return required.substring(eq + 1).equals(spec.attributes().get(required.substring(0, eq)));
  }
}
