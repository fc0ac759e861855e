package io.switchboard.profile.nexus;

import io.switchboard.provider.Conversation;
import io.switchboard.provider.InFlight;
import java.time.Instant;

/** One nexus connection's state; touched only on its event loop. */
final class NexusSession {
  final Conversation conversation;
  final InFlight calls;
  final Instant deadline;
  /** The challenge sent on open; null once used (or when none was sent). */
  String challenge;
  /** Set while a credential is being checked, so a second auth cannot race the first. */
  boolean verifying;
  Identity identity;

  NexusSession(Conversation conversation, InFlight calls, Instant deadline) {
    this.conversation = conversation;
    this.calls = calls;
    this.deadline = deadline;
  }
}
