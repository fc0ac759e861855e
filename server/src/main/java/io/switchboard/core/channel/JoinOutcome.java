package io.switchboard.core.channel;

import java.util.List;

/** What a join attempt led to. */
public sealed interface JoinOutcome {
  /** Joined: the snapshot after joining and the messages relayed after the member's last seq. */
  record Joined(ChannelView view, List<Relayed> replay) implements JoinOutcome {}

  /** The slot is taken by another live connection. */
  record Full(int current, int max) implements JoinOutcome {}

  /** No such live channel, or the joiner is not the identity bound to the slot. */
  record Invalid() implements JoinOutcome {}
}
