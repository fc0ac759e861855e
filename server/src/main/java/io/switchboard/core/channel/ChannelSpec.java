package io.switchboard.core.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How to create a channel.
 *
 * @param name unique among live channels
 * @param slots the member roles, one connection each (for pairing: desktop, mobile)
 * @param bindings slots bound at creation; the others are bound later with {@link ChannelStore#bind}
 * @param attributes free-form values the profile needs back (for pairing: the code)
 * @param expiresAt when the channel dies unless it is established (see {@code quorum}); also the
 *     last moment a slot can be bound, established or not (null: neither)
 * @param graceAfterEmpty how long an established channel outlives its last member
 * @param replayCapacity relayed messages kept for members that rejoin
 * @param quorum how many bound slots establish the channel: from then on it lives while a member
 *     is in it, plus {@code graceAfterEmpty}, instead of until {@code expiresAt}; slots left
 *     free can still be bound until {@code expiresAt} (for pairing: the desktop and one mobile)
 */
public record ChannelSpec(String name, List<String> slots, Map<String, Binding> bindings,
    Map<String, String> attributes, Instant expiresAt, Duration graceAfterEmpty, int replayCapacity, int quorum) {
  public ChannelSpec {
    slots = List.copyOf(slots);
    bindings = Map.copyOf(bindings);
    attributes = Map.copyOf(attributes);
    if (quorum < 1 || quorum > slots.size()) {
      throw new IllegalArgumentException("quorum must be between 1 and the slot count, got " + quorum);
    }
  }

  /** A channel established only once every slot is bound. */
  public ChannelSpec(String name, List<String> slots, Map<String, Binding> bindings, Map<String, String> attributes,
      Instant expiresAt, Duration graceAfterEmpty, int replayCapacity) {
    this(name, slots, bindings, attributes, expiresAt, graceAfterEmpty, replayCapacity, slots.size());
  }

  public int capacity() {
    return slots.size();
  }
}
