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
 * @param expiresAt when the channel dies unless all slots are bound and a member is in it
 * @param graceAfterEmpty how long a fully bound channel outlives its last member
 * @param replayCapacity relayed messages kept for members that rejoin
 */
public record ChannelSpec(String name, List<String> slots, Map<String, Binding> bindings,
    Map<String, String> attributes, Instant expiresAt, Duration graceAfterEmpty, int replayCapacity) {
  public ChannelSpec {
    slots = List.copyOf(slots);
    bindings = Map.copyOf(bindings);
    attributes = Map.copyOf(attributes);
  }

  public int capacity() {
    return slots.size();
  }
}
