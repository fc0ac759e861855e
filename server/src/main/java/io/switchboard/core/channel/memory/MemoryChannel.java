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

/**
 * One channel's state; every method runs under the channel's lock. Bindings and occupants are kept
 * per slot, in arrays in the spec's slot order (an idle pair's channel is a few dozen bytes of
 * them, not two hash maps), and the state map exists from the first state change on.
 */
final class MemoryChannel {
  private final ChannelSpec spec;
  private final Binding[] bindings;
  private final String[] occupants;
  private int bound;
  private int occupied;
  private Map<String, ChannelView.Versioned> state;
  private final ReplayRing replay;
  private Instant expiresAt;
  private long version;
  private long seq;

  MemoryChannel(ChannelSpec spec) {
    this.spec = spec;
    this.bindings = new Binding[spec.slots().size()];
    this.occupants = new String[bindings.length];
    spec.bindings().forEach((slot, binding) -> {
      int i = spec.slots().indexOf(slot);
      if (i >= 0) {
        bindings[i] = binding;
        bound++;
      }
    });
    this.expiresAt = spec.expiresAt();
    this.replay = new ReplayRing(spec.replayCapacity());
  }

  synchronized boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  synchronized ChannelView bind(String slot, Binding binding, String requiredAttribute, Instant now) {
    int i = spec.slots().indexOf(slot);
    if (i < 0 || bindings[i] != null || !attributeMatches(requiredAttribute)
        || (spec.expiresAt() != null && !now.isBefore(spec.expiresAt()))) {
      return null;
    }
    bindings[i] = binding;
    bound++;
    if (established()) {
      expiresAt = occupied == 0 ? now.plus(spec.graceAfterEmpty()) : null;
    }
    return view();
  }

  synchronized JoinOutcome join(String slot, Binding binding, String connectionId, long afterSeq) {
    int i = spec.slots().indexOf(slot);
    if (i < 0 || bindings[i] == null || !bindings[i].equals(binding)) {
      return new JoinOutcome.Invalid();
    }
    String occupant = occupants[i];
    if (occupant != null && !occupant.equals(connectionId)) {
      return new JoinOutcome.Full(occupied, spec.capacity());
    }
    if (occupant == null) {
      occupants[i] = connectionId;
      occupied++;
    }
    if (established()) {
      expiresAt = null;
    }
    // A member that rejoins on a new connection must not get back what its own slot sent.
    List<Relayed> missed = afterSeq >= 0 ? replay.after(afterSeq, slot) : List.of();
    return new JoinOutcome.Joined(view(), missed);
  }

  synchronized ChannelView leave(String connectionId, Instant now) {
    int i = slotOf(connectionId);
    if (i < 0) {
      return null;
    }
    occupants[i] = null;
    occupied--;
    if (occupied == 0 && established()) {
      expiresAt = now.plus(spec.graceAfterEmpty());
    }
    return view();
  }

  synchronized Relayed relay(String senderId, StateChange change, SeqText text) {
    int i = slotOf(senderId);
    if (i < 0) {
      return null;
    }
    if (change != null) {
      apply(change);
    }
    Relayed r = new Relayed(++seq, senderId, text.render(seq));
    replay.add(r, spec.slots().get(i));
    return r;
  }

  synchronized ChannelView view() {
    List<ChannelView.Member> members = new ArrayList<>(occupied);
    Map<String, Binding> byName = new LinkedHashMap<>();
    for (int i = 0; i < bindings.length; i++) {
      Binding b = bindings[i];
      if (b == null) {
        continue;
      }
      String slot = spec.slots().get(i);
      byName.put(slot, b);
      if (occupants[i] != null) {
        members.add(new ChannelView.Member(slot, occupants[i], b.userId(), b.sessionId()));
      }
    }
    return new ChannelView(spec.name(), spec.capacity(), spec.attributes(), List.copyOf(members),
        state == null ? Map.of() : Map.copyOf(state), version, seq, established(), Map.copyOf(byName));
  }

  private void apply(StateChange change) {
    version++;
    if (state == null) {
      state = new LinkedHashMap<>();
    }
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

  /** The index of the slot the connection occupies, or -1. */
  private int slotOf(String connectionId) {
    for (int i = 0; i < occupants.length; i++) {
      if (connectionId.equals(occupants[i])) {
        return i;
      }
    }
    return -1;
  }

  private boolean established() {
    return bound >= spec.quorum();
  }

  private boolean attributeMatches(String required) {
    if (required == null) {
      return true;
    }
    int eq = required.indexOf('=');
    return required.substring(eq + 1).equals(spec.attributes().get(required.substring(0, eq)));
  }
}
