package io.switchboard.core.channel;

/** The identity a channel slot is bound to: a user and one of their sessions. */
public record Binding(String userId, String sessionId) {}
