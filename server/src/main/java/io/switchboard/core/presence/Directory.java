package io.switchboard.core.presence;

import io.vertx.core.Future;
import java.util.List;

/** Who is connected, on which node, with which profile. */
public interface Directory {
  /** One connected client. */
  record Entry(String connectionId, String userId, String profile, String nodeId) {}

  Future<Void> register(Entry entry);

  Future<Void> unregister(String connectionId);

  Future<List<Entry>> byUser(String userId);

  /** Connected clients of a profile, cluster-wide. */
  Future<Integer> count(String profile);

  /** Names a connection (for example {@code device:ID}); a newer binding replaces an older one. */
  Future<Void> bind(String name, Entry entry);

  /** Removes the name if it still names this connection. */
  Future<Void> unbind(String name, String connectionId);

  /** The connection a name is bound to, or null. */
  Future<Entry> lookup(String name);

  /**
   * The WebSocket URL ({@code ws://host:port}) where another node's main listener is reached, or
   * null when the node is not live or unknown. A single node knows no other nodes.
   */
  Future<String> nodeUrl(String nodeId);
}
