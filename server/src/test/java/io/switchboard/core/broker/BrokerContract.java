package io.switchboard.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every broker engine promises. {@link #first()} and {@link #second()} are two nodes of one
 * cluster; an engine without a cluster (memory) answers both with the same broker.
 */
public abstract class BrokerContract {
  private static final Duration WAIT = Duration.ofSeconds(5);

  protected abstract Broker first();

  protected abstract Broker second();

  @Test
  void deliversToEverySubscriberOfTheTopicButTheExcludedOne() throws Exception {
    Collecting a = new Collecting("a");
    Collecting b = new Collecting("b");
    Collecting c = new Collecting("c");
    Collecting d = new Collecting("d");
    Collecting other = new Collecting("other");
    subscribe(first(), "room", a);
    subscribe(first(), "room", b);
    subscribe(second(), "room", c);
    subscribe(second(), "room", d);
    subscribe(second(), "elsewhere", other);

    join(first().publish("room", Delivery.text("one", "b")));
    join(first().publish("room", Delivery.text("two", "c")));
    join(first().publish("room", Delivery.text("end", null)));

    await().atMost(WAIT).until(() -> c.texts().contains("end") && d.texts().contains("end"));
    assertThat(a.texts()).containsExactly("one", "two", "end");
    assertThat(b.texts()).containsExactly("two", "end");
    assertThat(c.texts()).containsExactly("one", "end");
    assertThat(d.texts()).containsExactly("one", "two", "end");
    assertThat(other.texts()).isEmpty();
  }

  @Test
  void noDeliveryAfterCancel() throws Exception {
    Collecting gone = new Collecting("gone");
    Collecting marker = new Collecting("marker");
    Collecting stays = new Collecting("stays");
    Broker.Subscription cancelled = subscribe(first(), "room", gone);
    subscribe(first(), "marker", marker);
    subscribe(second(), "room", stays);

    cancelled.cancel();
    cancelled.cancel();
    join(second().publish("room", Delivery.text("after", null)));
    join(second().publish("marker", Delivery.text("end", null)));

    // Messages to one node arrive in publish order, so once the marker is in, "after" would be too.
    await().atMost(WAIT).until(() -> marker.texts().contains("end"));
    assertThat(stays.texts()).containsExactly("after");
    assertThat(gone.texts()).isEmpty();
  }

  @Test
  void nodesSeeEachOthersPublishesExactlyOnce() throws Exception {
    Collecting x = new Collecting("x");
    Collecting y = new Collecting("y");
    Collecting syncedFirst = new Collecting("synced-first");
    Collecting syncedSecond = new Collecting("synced-second");
    subscribe(first(), "room", x);
    subscribe(second(), "room", y);
    subscribe(first(), "sync", syncedFirst);
    subscribe(second(), "sync", syncedSecond);

    join(first().publish("room", Delivery.text("from-1", null)));
    join(second().publish("room", Delivery.text("from-2", null)));
    // Each node gets a later message from the other, so any echo of its own publish is in by then.
    join(second().publish("sync", Delivery.text("sync-2", null)));
    join(first().publish("sync", Delivery.text("sync-1", null)));

    await().atMost(WAIT).until(() -> syncedFirst.texts().contains("sync-2") && syncedSecond.texts().contains("sync-1"));
    // No order across nodes: a node's own publish reaches its receivers before Redis does.
    assertThat(x.texts()).containsExactlyInAnyOrder("from-1", "from-2");
    assertThat(y.texts()).containsExactlyInAnyOrder("from-1", "from-2");
  }

  @Test
  void binaryAndTextPayloadsRoundTripExactly() throws Exception {
    Collecting r = new Collecting("r");
    subscribe(second(), "audio", r);
    byte[] bytes = new byte[4096];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    String text = "héllo ✓ 🎉 \u0000 end";

    join(first().publish("audio", Delivery.droppableBinary(Buffer.buffer(bytes), "sender-é")));
    join(first().publish("audio", Delivery.droppableBinary(Buffer.buffer(), null)));
    join(first().publish("audio", Delivery.text(text, "")));

    await().atMost(WAIT).until(() -> r.received.size() == 3);
    List<Delivery> got = List.copyOf(r.received);
    assertThat(got.get(0).text()).isNull();
    assertThat(got.get(0).binary().getBytes()).isEqualTo(bytes);
    assertThat(got.get(0).excludeId()).isEqualTo("sender-é");
    assertThat(got.get(0).droppable()).isTrue();
    assertThat(got.get(1).binary().length()).isZero();
    assertThat(got.get(1).excludeId()).isNull();
    assertThat(got.get(2)).isEqualTo(Delivery.text(text, ""));
  }

  @Test
  void publishingToATopicWithoutSubscribersSucceeds() throws Exception {
    join(first().publish("nobody-" + System.nanoTime(), Delivery.text("x", null)));
  }

  @Test
  void aPublishWithoutAReceiverButTheExcludedOneReachesNobody() throws Exception {
    String topic = "lonely-" + System.nanoTime();
    assertThat(join(first().publishReached(topic, Delivery.text("none", null)))).isFalse();
    Collecting sender = new Collecting("sender");
    subscribe(first(), topic, sender);
    // This node's own subscription is not a receiver elsewhere.
    assertThat(join(first().publishReached(topic, Delivery.text("own", "sender")))).isFalse();
    assertThat(join(second().publishReached(topic, Delivery.text("to-sender", null)))).isTrue();
    await().atMost(WAIT).until(() -> sender.texts().contains("to-sender"));
    assertThat(sender.texts()).containsExactly("to-sender");
  }

  @Test
  void aPublishReachesAReadySubscriberOnEitherNodeUntilItLeaves() throws Exception {
    String topic = "reach-" + System.nanoTime();
    Collecting sender = new Collecting("sender");
    Collecting far = new Collecting("far");
    subscribe(first(), topic, sender);
    Broker.Subscription farSub = subscribe(second(), topic, far);

    assertThat(join(first().publishReached(topic, Delivery.text("one", "sender")))).isTrue();
    assertThat(join(second().publishReached(topic, Delivery.text("two", "sender")))).isTrue();
    await().atMost(WAIT).until(() -> far.texts().size() == 2);
    // Order holds per publisher, not across nodes: "two" is local to far's node and may come first.
    assertThat(far.texts()).containsExactlyInAnyOrder("one", "two");
    assertThat(sender.texts()).isEmpty();

    farSub.cancel();
    // Leaving takes a round trip to the backend; from then on nobody but the sender listens.
    await().atMost(WAIT).until(() -> !join(first().publishReached(topic, Delivery.text("probe", "sender"))));
    assertThat(far.texts()).containsExactlyInAnyOrder("one", "two");
  }

  /** Subscribes and waits until publishes from other nodes reach the receiver. */
  protected static Broker.Subscription subscribe(Broker broker, String topic, Receiver receiver) throws Exception {
    Broker.Subscription s = broker.subscribe(topic, receiver);
    join(s.ready());
    return s;
  }

  protected static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** A receiver that keeps what it gets. */
  protected static final class Collecting implements Receiver {
    private final String id;
    final ConcurrentLinkedQueue<Delivery> received = new ConcurrentLinkedQueue<>();

    Collecting(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void receive(Delivery delivery) {
      received.add(delivery);
    }

    List<String> texts() {
      return received.stream().map(Delivery::text).toList();
    }
  }
}
