package io.switchboard.core.channel;

/** A message relayed in a channel, as kept in its replay buffer. */
public record Relayed(long seq, String senderId, String text) {}
