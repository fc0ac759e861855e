package io.switchboard.core.channel;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Channels: named groups with member slots, a sequence number, versioned state and a bounded
 * replay buffer. Every operation is atomic per channel. An expired channel behaves as absent.
 * Failures a client can cause come back as values, never as failed Futures.
 */
public interface ChannelStore {
  /** Creates the channel unless a live one has the name; true when created. */
  Future<Boolean> create(ChannelSpec spec);

  /**
   * Binds an unbound slot to an identity. {@code requiredAttribute} (name=value, or null) must match
   * one of the channel's attributes, such as the owner for user-scoped pairing. Returns the view
   * after binding, or null when the channel is absent, the slot is already bound, or the attribute
   * does not match.
   */
  Future<ChannelView> bind(String name, String slot, Binding binding, String requiredAttribute);

  /** Joins a connection into a bound slot whose binding matches; {@code afterSeq} asks for replay (-1: none). */
  Future<JoinOutcome> join(String name, String slot, Binding binding, String connectionId, long afterSeq);

  /** Removes a connection; returns the view after leaving, or null if it was not a member. */
  Future<ChannelView> leave(String name, String connectionId);

  /**
   * Relays a message from a member: assigns the next seq, applies the state change (may be null),
   * renders the text with that seq and keeps it for replay. Returns null when the sender is not a
   * member of a live channel.
   */
  Future<Relayed> relay(String name, String senderId, StateChange change, SeqText text);

  /** The channel, or null. */
  Future<ChannelView> get(String name);

  /** Removes expired channels and tells the listeners about each. */
  void sweep();

  /** Called with the last view of each channel removed by expiry. */
  void onExpired(Consumer<ChannelView> listener);

  /** Live channels (for the gauge); a clustered store reports the count it last read. */
  int size();
}
