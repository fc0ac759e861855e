package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How the generator sets connections up on one kind of target; the scenarios drive every target
 * through this alone. Methods that open connections must be called on the context the connection
 * should live on.
 */
abstract class Adapter implements AutoCloseable {
  /** Two members of one channel: {@code a} starts round trips, {@code b} answers. */
  record Pair(Link a, Link b, String channel) {}

  private static final int MAX_MESSAGE = 16 << 20;

  protected final Vertx vertx;
  protected final Codec codec;
  protected final String host;
  protected final int port;
  protected final String path;
  /** Distinguishes this run's users and channels from earlier runs against the same server. */
  protected final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<WebSocketClient> clients = new ArrayList<>();

  protected Adapter(Vertx vertx, Codec codec, URI url, List<String> sourceAddresses) {
    this.vertx = vertx;
    this.codec = codec;
    this.host = url.getHost();
    this.port = url.getPort();
    this.path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    for (String source : sourceAddresses.isEmpty() ? List.of("") : sourceAddresses) {
      // channel_joined lists every member (~100 bytes each): a large fan-out group's passes 64 KiB
      WebSocketClientOptions o = new WebSocketClientOptions().setMaxConnections(1_000_000)
          .setTcpNoDelay(true).setConnectTimeout(15_000).setMaxFrameSize(MAX_MESSAGE).setMaxMessageSize(MAX_MESSAGE);
      if (!source.isEmpty()) {
        o.setLocalAddress(source);
      }
      clients.add(vertx.createWebSocketClient(o));
    }
  }

  /** The client for connection {@code index}: connections are spread over the source addresses. */
  protected WebSocketClient client(int index) {
    return clients.get(Math.floorMod(index, clients.size()));
  }

  protected Future<Link> open(int index, String uri) {
    return Link.connect(client(index), codec, host, port, uri);
  }

  /** An authenticated connection that can ping. */
  abstract Future<Link> connect(int index);

  /** Two connections joined to one fresh channel of their own. */
  abstract Future<Pair> pair(int index);

  /**
   * The channel id the members of the group {@code name} join (fan-out). Peers join any name; a
   * target that creates channels itself (Switchboard: a pairing code) creates it here.
   */
  Future<String> channel(String name) {
    return Future.succeededFuture(name);
  }

  /** A member of the group {@code name} (fan-out); may be unsupported. */
  abstract Future<Link> member(String name, int index);

  /** The connection that publishes to the group {@code name}; for peers just another member. */
  Future<Link> publisher(String name, int index) {
    return member(name, index);
  }

  /** Whether {@link #member} works: whether one channel can hold more than two members. */
  abstract boolean groups();

  /** The devices profile (device sockets and REST commands), or null when the target has none. */
  DeviceApi devices() {
    return null;
  }

  /** Why {@link #devices} is null, for the report. */
  String devicesUnsupported() {
    return "this server implements no devices profile (device sockets, REST commands)";
  }

  /** A channel_message frame carrying the given payload fields. */
  String channelMessage(String channel, String payloadFields) {
    return codec.frame("channel_message", "\"channelId\":\"" + channel + "\",\"payload\":{" + payloadFields + "}");
  }

  String ping(long sequence) {
    return codec.frame("ping", "\"sequence\":" + sequence);
  }

  @Override
  public void close() {
    for (WebSocketClient c : clients) {
      c.close();
    }
  }
}
