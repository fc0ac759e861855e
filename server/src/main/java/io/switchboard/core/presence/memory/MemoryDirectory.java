package io.switchboard.core.presence.memory;

import io.switchboard.core.presence.Directory;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The single-node directory. */
public final class MemoryDirectory implements Directory {
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Entry> names = new ConcurrentHashMap<>();

  @Override
  public Future<Void> bind(String name, Entry entry) {
    names.put(name, entry);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unbind(String name, String connectionId) {
    names.computeIfPresent(name, (k, e) -> e.connectionId().equals(connectionId) ? null : e);
    return Future.succeededFuture();
  }

  @Override
  public Future<Entry> lookup(String name) {
    return Future.succeededFuture(names.get(name));
  }

  @Override
  public Future<String> nodeUrl(String nodeId) {
    return Future.succeededFuture(null);
  }

  @Override
  public Future<Void> register(Entry entry) {
    entries.put(entry.connectionId(), entry);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unregister(String connectionId) {
    entries.remove(connectionId);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Entry>> byUser(String userId) {
    return Future.succeededFuture(entries.values().stream().filter(e -> e.userId().equals(userId)).toList());
  }

  @Override
  public Future<Integer> count(String profile) {
    return Future.succeededFuture((int) entries.values().stream().filter(e -> e.profile().equals(profile)).count());
  }
}
