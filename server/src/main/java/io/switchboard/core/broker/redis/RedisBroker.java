package io.switchboard.core.broker.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.broker.Delivery;
import io.switchboard.core.broker.Receiver;
import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster broker: one Redis pub/sub channel per topic ({@code <prefix>broker:<topic>}). A node
 * subscribes to a topic's channel while it has local receivers for it and unsubscribes when the
 * last one goes, so Redis sends each node only the topics it serves.
 *
 * <p>A publish is delivered to this node's receivers at once, in the publisher's thread, and sent
 * to Redis; the copy Redis echoes back carries this node's id and is ignored, so a local receiver
 * gets each message exactly once. Receivers on other nodes get it on Lettuce's I/O thread.
 */
public final class RedisBroker implements Broker {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String nodeId;
  private final String channelPrefix;
  private final StatefulRedisConnection<String, byte[]> commands;
  private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

  /** The local receivers of one topic and the pending or completed Redis subscription. */
  private record Topic(CopyOnWriteArrayList<Receiver> receivers, Future<Void> subscribed) {}

  private RedisBroker(String keyPrefix, String nodeId, StatefulRedisConnection<String, byte[]> commands,
      StatefulRedisPubSubConnection<String, byte[]> pubsub) {
    this.nodeId = nodeId;
    this.channelPrefix = keyPrefix + "broker:";
    this.commands = commands;
    this.pubsub = pubsub;
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        onMessage(channel, message);
      }
    });
  }

  /**
   * Opens the two connections a broker needs (one for publishing, one in subscriber mode).
   * {@code keyPrefix} namespaces the channels, so several deployments can share one Redis.
   */
  public static Future<RedisBroker> connect(RedisClient client, RedisURI uri, String keyPrefix, String nodeId) {
    DeliveryCodec.checkNodeId(nodeId);
    Future<StatefulRedisConnection<String, byte[]>> commands = fromStage(client.connectAsync(CODEC, uri));
    Future<StatefulRedisPubSubConnection<String, byte[]>> pubsub = fromStage(client.connectPubSubAsync(CODEC, uri));
    return Future.all(commands, pubsub)
        .map(v -> new RedisBroker(keyPrefix, nodeId, commands.result(), pubsub.result()))
        .onFailure(e -> {
          if (commands.succeeded()) {
            commands.result().closeAsync();
          }
          if (pubsub.succeeded()) {
            pubsub.result().closeAsync();
          }
        });
  }

  @Override
  public Subscription subscribe(String topic, Receiver receiver) {
    Topic t = topics.compute(topic, (name, current) -> {
      if (current == null) {
        current = new Topic(new CopyOnWriteArrayList<>(), fromStage(pubsub.async().subscribe(channelPrefix + name)));
      }
      current.receivers().add(receiver);
      return current;
    });
    Future<Void> ready = t.subscribed();
    AtomicBoolean cancelled = new AtomicBoolean();
    return new Subscription() {
      @Override
      public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
          remove(topic, receiver);
        }
      }

      @Override
      public Future<Void> ready() {
        return ready;
      }
    };
  }

  private void remove(String topic, Receiver receiver) {
    topics.computeIfPresent(topic, (name, current) -> {
      current.receivers().remove(receiver);
      if (!current.receivers().isEmpty()) {
        return current;
      }
      try {
        pubsub.async().unsubscribe(channelPrefix + name)
            .exceptionally(e -> {
              LOG.warn("Redis unsubscribe from {} failed: {}", name, e.toString());
              return null;
            });
      } catch (RuntimeException e) {
        // The client is shut down: there is no subscription left to end.
        LOG.debug("Redis unsubscribe from {} not sent: {}", name, e.toString());
      }
      return null;
    });
  }

  @Override
  public Future<Void> publish(String topic, Delivery delivery) {
    byte[] message = DeliveryCodec.encode(nodeId, delivery);
    deliverLocally(topic, delivery);
    return fromStage(commands.async().publish(channelPrefix + topic, message)).mapEmpty();
  }

  /**
   * Reached when a local receiver other than the excluded one got the message, or when PUBLISH
   * counted a subscribed connection other than this node's own. This node's connection is taken
   * off the count only when it was surely subscribed while Redis ran the PUBLISH: its SUBSCRIBE
   * was acknowledged before the PUBLISH was sent, the topic was not left before the reply, and the
   * connection stayed up. In every other case it stays in the count, so an uncertain answer is
   * "reached", never "nobody".
   */
  @Override
  public Future<Boolean> publishReached(String topic, Delivery delivery) {
    byte[] message = DeliveryCodec.encode(nodeId, delivery);
    Topic before = topics.get(topic);
    boolean subscribedBefore = before != null && before.subscribed().succeeded() && pubsub.isOpen();
    boolean local = deliverLocally(topic, delivery);
    return fromStage(commands.async().publish(channelPrefix + topic, message)).map(clients -> {
      boolean ownCounted = subscribedBefore && topics.get(topic) == before && pubsub.isOpen();
      return local || clients - (ownCounted ? 1 : 0) > 0;
    });
  }

  private void onMessage(String channel, byte[] message) {
    if (!channel.startsWith(channelPrefix)) {
      return;
    }
    DeliveryCodec.Decoded decoded = DeliveryCodec.decode(message);
    if (decoded == null) {
      LOG.warn("Ignoring a message on {} in an unknown format", channel);
      return;
    }
    if (!decoded.nodeId().equals(nodeId)) {
      deliverLocally(channel.substring(channelPrefix.length()), decoded.delivery());
    }
  }

  private boolean deliverLocally(String topic, Delivery delivery) {
    Topic t = topics.get(topic);
    if (t == null) {
      return false;
    }
    boolean reached = false;
    for (Receiver r : t.receivers()) {
      if (!r.id().equals(delivery.excludeId())) {
        r.receive(delivery);
        reached = true;
      }
    }
    return reached;
  }

  /** Receivers of a topic on this node (for tests and metrics). */
  public int subscribers(String topic) {
    Topic t = topics.get(topic);
    return t == null ? 0 : t.receivers().size();
  }

  public String nodeId() {
    return nodeId;
  }

  /** Closes both connections; the Redis client stays open for its owner to shut down. */
  public Future<Void> close() {
    return Future.all(fromStage(pubsub.closeAsync()), fromStage(commands.closeAsync())).mapEmpty();
  }

}
