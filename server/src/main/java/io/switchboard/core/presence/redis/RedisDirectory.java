package io.switchboard.core.presence.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.core.presence.Directory;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster directory, in Redis. Every change is one Lua script, so the indexes never disagree:
 *
 * <pre>
 * &lt;p&gt;dir:conn:&lt;connectionId&gt;   hash  user, profile, node
 * &lt;p&gt;dir:user:&lt;userId&gt;         set   connection ids
 * &lt;p&gt;dir:node:&lt;nodeId&gt;         set   connection ids registered by that node
 * &lt;p&gt;dir:count:&lt;profile&gt;       hash  nodeId → connected clients of the profile on it
 * &lt;p&gt;dir:name:&lt;name&gt;           hash  conn, user, profile, node
 * &lt;p&gt;dir:node-names:&lt;nodeId&gt;   set   names bound to connections on that node
 * </pre>
 *
 * The per-node sets are what {@link #removeNode} uses to clear what a dead node left behind. The
 * scripts derive key names from the prefix, so they need a standalone Redis (or one hash slot).
 */
public final class RedisDirectory implements Directory {
  private final String prefix;
  private final StatefulRedisConnection<String, String> connection;
  private final Scripts scripts;
  /** What this instance wrote, so it can write it again after Redis lost it ({@link #reassert}). */
  private final Map<String, Entry> ownEntries = new ConcurrentHashMap<>();
  private final Map<String, Entry> ownNames = new ConcurrentHashMap<>();

  private RedisDirectory(String prefix, StatefulRedisConnection<String, String> connection) {
    this.prefix = prefix;
    this.connection = connection;
    this.scripts = new Scripts(connection);
  }

  /** Opens the directory's connection; {@code keyPrefix} namespaces its keys. */
  public static Future<RedisDirectory> connect(RedisClient client, RedisURI uri, String keyPrefix) {
    return fromStage(client.connectAsync(StringCodec.UTF8, uri)).map(c -> new RedisDirectory(keyPrefix, c));
  }

  @Override
  public Future<Void> register(Entry e) {
    ownEntries.put(e.connectionId(), e);
    return scripts.integer(Scripts.REGISTER, prefix, e.connectionId(), e.userId(), e.profile(), e.nodeId())
        .mapEmpty();
  }

  @Override
  public Future<Void> unregister(String connectionId) {
    ownEntries.remove(connectionId);
    return scripts.integer(Scripts.UNREGISTER, prefix, connectionId).mapEmpty();
  }

  @Override
  public Future<List<Entry>> byUser(String userId) {
    return scripts.<List<Object>>multi(Scripts.BY_USER, prefix, userId).map(flat -> {
      List<Entry> out = new ArrayList<>(flat.size() / 4);
      for (int i = 0; i + 3 < flat.size(); i += 4) {
        out.add(new Entry((String) flat.get(i), (String) flat.get(i + 1), (String) flat.get(i + 2),
            (String) flat.get(i + 3)));
      }
      return out;
    });
  }

  @Override
  public Future<Integer> count(String profile) {
    return fromStage(connection.async().hvals(prefix + "dir:count:" + profile))
        .map(values -> values.stream().mapToInt(Integer::parseInt).sum());
  }

  @Override
  public Future<Void> bind(String name, Entry e) {
    ownNames.put(name, e);
    return scripts.integer(Scripts.BIND, prefix, name, e.connectionId(), e.userId(), e.profile(), e.nodeId())
        .mapEmpty();
  }

  @Override
  public Future<Void> unbind(String name, String connectionId) {
    ownNames.computeIfPresent(name, (n, e) -> e.connectionId().equals(connectionId) ? null : e);
    return scripts.integer(Scripts.UNBIND, prefix, name, connectionId).mapEmpty();
  }

  @Override
  public Future<Entry> lookup(String name) {
    return fromStage(connection.async().hmget(prefix + "dir:name:" + name, "conn", "user", "profile", "node"))
        .map(values -> {
          if (values.get(0).isEmpty()) {
            return null;
          }
          return new Entry(value(values.get(0)), value(values.get(1)), value(values.get(2)), value(values.get(3)));
        });
  }

  /**
   * The URL a live node published in its heartbeat ({@link NodeLiveness#beat}); null when the node
   * is not live or published none.
   */
  @Override
  public Future<String> nodeUrl(String nodeId) {
    return fromStage(connection.async().get(NodeLiveness.key(prefix, nodeId)))
        .map(url -> url != null && (url.startsWith("ws://") || url.startsWith("wss://")) ? url : null);
  }

  /** Removes every entry and binding a node left behind (after it died); returns how many entries. */
  public Future<Long> removeNode(String nodeId) {
    return scripts.integer(Scripts.REMOVE_NODE, prefix, nodeId);
  }

  /**
   * Writes again every entry and binding registered through this instance and not removed since,
   * after Redis lost them (a restart without persistence, or this node taken for dead). Only live
   * local connections are written: closing a connection unregisters and unbinds it here too.
   */
  public Future<Integer> reassert() {
    List<Future<?>> writes = new ArrayList<>();
    ownEntries.values().forEach(e -> writes.add(scripts.integer(Scripts.REGISTER, prefix, e.connectionId(),
        e.userId(), e.profile(), e.nodeId())));
    ownNames.forEach((name, e) -> writes.add(scripts.integer(Scripts.BIND, prefix, name, e.connectionId(),
        e.userId(), e.profile(), e.nodeId())));
    return Future.join(writes).map(v -> writes.size());
  }

  /** Whether Redis answers a PING. */
  public Future<Boolean> ping() {
    return fromStage(connection.async().ping()).map("PONG"::equals).otherwise(false);
  }

  public Future<Void> close() {
    return fromStage(connection.closeAsync());
  }

  private static String value(KeyValue<String, String> kv) {
    return kv.getValueOrElse(null);
  }

}
