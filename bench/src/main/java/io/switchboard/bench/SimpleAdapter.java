package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;

/**
 * The peers' protocol (bench/peers/PROTOCOL.md): the relay path of the pairing protocol without its
 * REST setup. Connect with {@code ?token=}, wait for {@code connected}, {@code join_channel}, relay
 * {@code channel_message} to the other members, {@code ping} → {@code pong}. Socket.IO peers speak
 * the same messages as Socket.IO events.
 */
final class SimpleAdapter extends Adapter {
  private final boolean socketIo;

  SimpleAdapter(Vertx vertx, URI url, List<String> sources, boolean socketIo) {
    super(vertx, socketIo ? Codec.SOCKET_IO : Codec.JSON, url, sources);
    this.socketIo = socketIo;
  }

  @Override
  Future<Link> connect(int index) {
    if (socketIo) {
      String uri = (path.endsWith("/") ? path : path + "/") + "?EIO=4&transport=websocket";
      return open(index, uri).compose(l -> {
        l.send("40{\"token\":\"bench\"}");
        return l.await("connected").map(f -> l);
      });
    }
    return open(index, path + "?token=bench-" + index).compose(l -> l.await("connected").map(f -> l));
  }

  @Override
  Future<Pair> pair(int index) {
    String channel = "c-" + run + "-" + index;
    return member(channel, 2 * index).compose(a -> member(channel, 2 * index + 1).map(b -> new Pair(a, b, channel)));
  }

  @Override
  Future<Link> member(String channel, int index) {
    return connect(index).compose(l -> {
      l.send("join_channel", "\"channel\":\"" + channel + "\"");
      return l.await("channel_joined").map(f -> l);
    });
  }

  @Override
  boolean groups() {
    return true;
  }
}
