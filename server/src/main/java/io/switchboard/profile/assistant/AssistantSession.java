package io.switchboard.profile.assistant;

import io.switchboard.provider.Conversation;
import io.switchboard.provider.InFlight;

/** One assistant connection's state: its conversation and its questions in flight. */
final class AssistantSession {
  final Conversation conversation;
  final InFlight calls;

  AssistantSession(Conversation conversation, InFlight calls) {
    this.conversation = conversation;
    this.calls = calls;
  }
}
