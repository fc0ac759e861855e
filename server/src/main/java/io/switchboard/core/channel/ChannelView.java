package io.switchboard.core.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of a channel, taken under its lock.
 *
 * @param members connected members
 * @param state each state key's latest value and version
 * @param version the channel's state version (increments on every state change)
 * @param seq the sequence number of the last relayed message
 * @param bound whether the channel is established: its quorum of slots is bound (for pairing: the
 *     desktop and at least one mobile have paired), so it lives by its members, not by its expiry
 * @param bindings the identity each bound slot is bound to, connected or not (a profile finds a
 *     session's slot, or the next free one, here)
 */
public record ChannelView(String name, int capacity, Map<String, String> attributes, List<Member> members,
    Map<String, Versioned> state, long version, long seq, boolean bound, Map<String, Binding> bindings) {

  /** A connected member. */
  public record Member(String slot, String connectionId, String userId, String sessionId) {}

  /** A state value and the channel version at which it last changed. */
  public record Versioned(JsonNode value, long version) {}

  public Member member(String connectionId) {
    for (Member m : members) {
      if (m.connectionId().equals(connectionId)) {
        return m;
      }
    }
    return null;
  }
}
