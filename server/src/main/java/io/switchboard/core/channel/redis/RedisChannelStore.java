package io.switchboard.core.channel.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelSpec;
import io.switchboard.core.channel.ChannelStore;
import io.switchboard.core.channel.ChannelView;
import io.switchboard.core.channel.ExpiryListeners;
import io.switchboard.core.channel.JoinOutcome;
import io.switchboard.core.channel.Relayed;
import io.switchboard.core.channel.SeqText;
import io.switchboard.core.channel.StateChange;
import io.switchboard.core.redis.LuaScript;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster channel store: each channel is a Redis hash plus a replay list, and every operation
 * is one call of one Lua script ({@code channel.lua}, which documents the key layout), so it is
 * atomic across nodes. Expiry is judged against this node's clock, passed to every call. A slot
 * whose member sits on a node that stopped beating is free to take; {@link #removeNode} ends every
 * membership a dead node held, which starts the channel's grace as if the sockets had closed.
 */
public final class RedisChannelStore implements ChannelStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisChannelStore.class);
  private static final LuaScript SCRIPT = LuaScript.load(RedisChannelStore.class, "channel.lua");
  private static final int SWEEP_BATCH = 500;

  private final String prefix;
  private final String nodeId;
  private final Clock clock;
  private final StatefulRedisConnection<String, String> connection;
  private final ExpiryListeners expiryListeners = new ExpiryListeners(LOG);
  private volatile int size;
  /** This node's members, by connection, so they can be written again after Redis lost them. */
  private final Map<String, Membership> members = new ConcurrentHashMap<>();

  private record Membership(String channel, String slot, Binding binding) {}

  private RedisChannelStore(String prefix, String nodeId, Clock clock, StatefulRedisConnection<String, String> c) {
    this.prefix = prefix;
    this.nodeId = nodeId;
    this.clock = clock;
    this.connection = c;
  }

  /** Opens the store's connection; {@code keyPrefix} namespaces its keys, {@code nodeId} names this node. */
  public static Future<RedisChannelStore> connect(RedisClient client, RedisURI uri, String keyPrefix, String nodeId,
      Clock clock) {
    return fromStage(client.connectAsync(StringCodec.UTF8, uri))
        .map(c -> new RedisChannelStore(keyPrefix, nodeId, clock, c));
  }

  @Override
  public Future<Boolean> create(ChannelSpec spec) {
    List<String> args = new ArrayList<>();
    args.add(String.join("\n", spec.slots()));
    args.add(spec.expiresAt() == null ? "" : Long.toString(spec.expiresAt().toEpochMilli()));
    args.add(Long.toString(spec.graceAfterEmpty().toMillis()));
    args.add(Integer.toString(spec.replayCapacity()));
    args.add(Integer.toString(spec.bindings().size()));
    spec.bindings().forEach((slot, b) -> {
      args.add(slot);
      args.add(b.userId());
      args.add(b.sessionId());
    });
    args.add(Integer.toString(spec.attributes().size()));
    spec.attributes().forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    args.add(Integer.toString(spec.quorum()));
    return run("create", spec.name(), args).map(r -> status(r) == 1);
  }

  @Override
  public Future<ChannelView> bind(String name, String slot, Binding binding, String requiredAttribute) {
    String attr = "";
    String value = "";
    if (requiredAttribute != null) {
      int eq = requiredAttribute.indexOf('=');
      attr = requiredAttribute.substring(0, eq);
      value = requiredAttribute.substring(eq + 1);
    }
    return run("bind", name, List.of(slot, binding.userId(), binding.sessionId(), attr, value))
        .map(r -> status(r) == 1 ? view(name, r.get(1)) : null);
  }

  @Override
  public Future<JoinOutcome> join(String name, String slot, Binding binding, String connectionId, long afterSeq) {
    return run("join", name, List.of(slot, binding.userId(), binding.sessionId(), connectionId, nodeId,
        Long.toString(afterSeq))).map(r -> switch ((int) status(r)) {
          case 1 -> {
            members.put(connectionId, new Membership(name, slot, binding));
            yield new JoinOutcome.Joined(view(name, r.get(1)), replay((List<?>) r.get(2)));
          }
          case 2 -> new JoinOutcome.Full(((Long) r.get(1)).intValue(), ((Long) r.get(2)).intValue());
          default -> new JoinOutcome.Invalid();
        });
  }

  @Override
  public Future<ChannelView> leave(String name, String connectionId) {
    members.computeIfPresent(connectionId, (c, m) -> m.channel().equals(name) ? null : m);
    return run("leave", name, List.of(connectionId)).map(r -> status(r) == 1 ? view(name, r.get(1)) : null);
  }

  @Override
  public Future<Relayed> relay(String name, String senderId, StateChange change, SeqText text) {
    List<String> args = new ArrayList<>();
    args.add(senderId);
    args.add(text.before());
    args.add(text.after());
    if (change == null) {
      args.add("");
    } else if (change.value() instanceof ObjectNode object) {
      args.add(change.merge() ? "merge" : "replace");
      args.add(change.key());
      args.add(Integer.toString(object.size()));
      object.properties().forEach(e -> {
        args.add(e.getKey());
        args.add(Json.write(e.getValue()));
      });
    } else {
      args.add("value");
      args.add(change.key());
      args.add(Json.write(change.value()));
    }
    return run("relay", name, args).map(r -> {
      if (status(r) != 1) {
        return null;
      }
      long seq = (Long) r.get(1);
      return new Relayed(seq, senderId, text.render(seq));
    });
  }

  @Override
  public Future<ChannelView> get(String name) {
    return run("get", name, List.of()).map(r -> status(r) == 1 ? view(name, r.get(1)) : null);
  }

  /**
   * Removes channels whose expiry passed and tells the listeners; when several nodes sweep at once,
   * each channel's removal is reported by exactly one of them.
   */
  @Override
  public void sweep() {
    long now = clock.millis();
    RedisAsyncCommands<String, String> redis = connection.async();
    fromStage(redis.zrangebyscore(prefix + "chan-expiry", Range.create(Double.NEGATIVE_INFINITY, (double) now),
        Limit.create(0, SWEEP_BATCH))).compose(names -> {
          List<Future<?>> removals = new ArrayList<>();
          for (String name : names) {
            removals.add(run("expire", name, List.of()).onSuccess(r -> {
              if (status(r) == 1) {
                expiryListeners.tell(view(name, r.get(1)));
              }
            }));
          }
          return Future.join(removals);
        }).compose(v -> fromStage(redis.scard(prefix + "chans")))
        .onSuccess(n -> size = n.intValue())
        .onFailure(e -> LOG.warn("channel sweep failed: {}", e.toString()));
  }

  @Override
  public void onExpired(Consumer<ChannelView> listener) {
    expiryListeners.add(listener);
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * Joins every member this node holds into its channel again, after Redis lost the channel's
   * members (this node was taken for dead) or the channel itself (a restart without persistence).
   * A channel that is gone is reported to the expiry listeners, so its members are told it closed.
   */
  public Future<Integer> reassert() {
    List<Future<?>> joins = new ArrayList<>();
    members.forEach((conn, m) -> joins.add(run("join", m.channel(), List.of(m.slot(), m.binding().userId(),
        m.binding().sessionId(), conn, nodeId, "-1")).onSuccess(r -> {
          if (status(r) != 1 && members.remove(conn, m) && status(r) == 0) {
            expiryListeners.tell(new ChannelView(m.channel(), 0, Map.of(), List.of(), Map.of(), 0, 0, true, Map.of()));
          }
        })));
    return Future.join(joins).map(v -> joins.size());
  }

  /** Ends every membership a dead node held (its sockets are gone); returns how many. */
  public Future<Long> removeNode(String deadNode) {
    return run("remove-node", deadNode, List.of()).map(r -> (Long) r.get(0));
  }

  public Future<Void> close() {
    return fromStage(connection.closeAsync());
  }

  private Future<List<Object>> run(String op, String name, List<String> args) {
    String[] argv = new String[4 + args.size()];
    argv[0] = prefix;
    argv[1] = op;
    argv[2] = name;
    argv[3] = Long.toString(clock.millis());
    for (int i = 0; i < args.size(); i++) {
      argv[4 + i] = args.get(i);
    }
    return SCRIPT.run(connection, ScriptOutputType.MULTI, argv);
  }

  private static long status(List<Object> reply) {
    return (Long) reply.get(0);
  }

  /** A view from the channel hash's fields (HGETALL's flat list). */
  private static ChannelView view(String name, Object flat) {
    List<?> list = (List<?>) flat;
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      h.put((String) list.get(i), (String) list.get(i + 1));
    }
    List<String> slots = List.of(h.getOrDefault("slots", "").split("\n"));
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, ChannelView.Versioned> state = new LinkedHashMap<>();
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : h.entrySet()) {
      String f = e.getKey();
      if (f.startsWith("a:")) {
        attributes.put(f.substring(2), e.getValue());
      } else if (f.startsWith("f:")) {
        int colon = f.indexOf(':', 2);
        int len = Integer.parseInt(f.substring(2, colon));
        String key = f.substring(colon + 1, colon + 1 + len);
        objects.computeIfAbsent(key, k -> Json.object()).set(f.substring(colon + 1 + len), Json.parseOrNull(e.getValue()));
      }
    }
    for (Map.Entry<String, String> e : h.entrySet()) {
      if (!e.getKey().startsWith("k:")) {
        continue;
      }
      String key = e.getKey().substring(2);
      long version = Long.parseLong(e.getValue().substring(1));
      JsonNode value = e.getValue().charAt(0) == 'o' ? objects.getOrDefault(key, Json.object())
          : Json.parseOrNull(h.get("s:" + key));
      state.put(key, new ChannelView.Versioned(value, version));
    }
    List<ChannelView.Member> members = new ArrayList<>();
    Map<String, Binding> bindings = new LinkedHashMap<>();
    for (String slot : slots) {
      String conn = h.get("oc:" + slot);
      if (conn != null) {
        members.add(new ChannelView.Member(slot, conn, h.get("bu:" + slot), h.get("bs:" + slot)));
      }
      if (h.containsKey("bu:" + slot)) {
        bindings.put(slot, new Binding(h.get("bu:" + slot), h.get("bs:" + slot)));
      }
    }
    return new ChannelView(name, slots.size(), Map.copyOf(attributes), List.copyOf(members), Map.copyOf(state),
        Long.parseLong(h.getOrDefault("ver", "0")), Long.parseLong(h.getOrDefault("seq", "0")),
        bindings.size() >= Integer.parseInt(h.getOrDefault("quorum", Integer.toString(slots.size()))),
        Map.copyOf(bindings));
  }

  /** Replay entries: "seq\nslot\nsenderId\ntext". */
  private static List<Relayed> replay(List<?> entries) {
    List<Relayed> out = new ArrayList<>(entries.size());
    for (Object o : entries) {
      String e = (String) o;
      int a = e.indexOf('\n');
      int b = e.indexOf('\n', a + 1);
      int c = e.indexOf('\n', b + 1);
      out.add(new Relayed(Long.parseLong(e.substring(0, a)), e.substring(b + 1, c), e.substring(c + 1)));
    }
    return out;
  }
}
