package io.switchboard.core.presence.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.core.presence.Directory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

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
    return scripts.integer(Scripts.REGISTER, prefix, e.connectionId(), e.userId(), e.profile(), e.nodeId())
        .mapEmpty();
  }

  @Override
  public Future<Void> unregister(String connectionId) {
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
    return scripts.integer(Scripts.BIND, prefix, name, e.connectionId(), e.userId(), e.profile(), e.nodeId())
        .mapEmpty();
  }

  @Override
  public Future<Void> unbind(String name, String connectionId) {
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

  /** Removes every entry and binding a node left behind (after it died); returns how many entries. */
  public Future<Long> removeNode(String nodeId) {
    return scripts.integer(Scripts.REMOVE_NODE, prefix, nodeId);
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

  /** A Vert.x future for a Lettuce stage, completed on the caller's context when there is one. */
  static <T> Future<T> fromStage(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }
}
