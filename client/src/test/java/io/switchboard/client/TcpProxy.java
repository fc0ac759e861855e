package io.switchboard.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a test server, to cut a client's connection without touching the server:
 * {@link #stop()} closes the listener and every proxied connection (the client sees its socket die,
 * the server sees the client leave), {@link #restart()} listens again on the same port, and
 * {@link #freeze()} silently stops forwarding on the open connections (a half-dead link that only a
 * keepalive notices).
 */
public final class TcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  /** One proxied connection. */
  private static final class Link {
    final NetSocket in;
    final NetSocket out;
    volatile boolean frozen;

    Link(NetSocket in, NetSocket out) {
      this.in = in;
      this.out = out;
    }
  }

  private TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  public static TcpProxy start(int targetPort) {
    TcpProxy p = new TcpProxy(targetPort);
    p.listen(0);
    return p;
  }

  public int port() {
    return port;
  }

  private void listen(int onPort) {
    server = vertx.createNetServer().connectHandler(this::accept);
    port = await(server.listen(onPort, "127.0.0.1")).actualPort();
  }

  private void accept(NetSocket in) {
    in.pause();
    client.connect(targetPort, "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        in.close();
        return;
      }
      Link link = new Link(in, ar.result());
      links.add(link);
      in.handler(data -> {
        if (!link.frozen) {
          link.out.write(data);
        }
      });
      link.out.handler(data -> {
        if (!link.frozen) {
          in.write(data);
        }
      });
      in.closeHandler(v -> close(link));
      link.out.closeHandler(v -> close(link));
      in.resume();
    });
  }

  private void close(Link link) {
    links.remove(link);
    link.in.close();
    link.out.close();
  }

  /** Closes the listener and every open connection. */
  public void stop() {
    await(server.close());
    List<Future<Void>> closing = new ArrayList<>();
    for (Link link : List.copyOf(links)) {
      links.remove(link);
      closing.add(link.in.close());
      closing.add(link.out.close());
    }
    await(Future.join(closing));
  }

  /** Listens again on the same port. */
  public void restart() {
    listen(port);
  }

  /** Stops forwarding on the connections open now, without closing them; new ones work. */
  public void freeze() {
    links.forEach(l -> l.frozen = true);
  }

  int openLinks() {
    return links.size();
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
