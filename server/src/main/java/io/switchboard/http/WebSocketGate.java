package io.switchboard.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.conn.ConnectionRegistry;
import io.switchboard.core.conn.NettyWire;
import io.switchboard.core.conn.SocketEndpoint;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each WebSocket upgrade on one listener: unknown path 404, a browser Origin not on the
 * allow-list 403, an IP over its connection limit 429; otherwise the socket is accepted, wrapped
 * in a {@link Connection} and handed to the path's endpoint.
 *
 * <p>Two engines serve the accepted sockets ({@code http.websocket-engine}):
 * <ul>
 *   <li>{@code netty} (the default): a handler placed in every HTTP connection's pipeline, in front of
 *   Vert.x's, takes each WebSocket upgrade request before Vert.x sees it. It answers the handshake
 *   with Netty's handshaker, removes Vert.x's handlers from the channel and installs a
 *   {@link NettyWire}: the connection then costs its Netty channel, the frame codec and the wire,
 *   not an HTTP connection and a {@code ServerWebSocket} with their queues. Every other request
 *   passes on to Vert.x's router unchanged.
 *   <li>{@code vertx}: Vert.x's own upgrade and {@code ServerWebSocket}.
 * </ul>
 */
public final class WebSocketGate {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketGate.class);

  /** The two engines that can serve accepted sockets. */
  public enum Engine {
    NETTY, VERTX;

    /** Parses {@code http.websocket-engine}; fails with the accepted values otherwise. */
    public static Engine of(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "netty" -> NETTY;
        case "vertx" -> VERTX;
        default -> throw new IllegalArgumentException(
            "http.websocket-engine must be netty or vertx, not '" + value + "'");
      };
    }
  }

  private final Map<String, SocketEndpoint> endpoints;
  private final ConnectionRegistry registry;
  private final Origins origins;
  private final Engine engine;
  private final int maxFrameBytes;
  private final WriteBufferWaterMark queueBound;
  private final WebSocketDecoderConfig decoderConfig;
  private final ChannelHandler takeover = new Takeover();
  private final boolean loopAffinity;
  /** The listener instances' contexts, one per event loop, as they are installed. */
  private final CopyOnWriteArrayList<ContextInternal> loops = new CopyOnWriteArrayList<>();
  /**
   * Where sockets with a loop key go: the loops fixed once every instance is installed
   * ({@link #startPlacement}), and none again from the moment one is undeployed. Until then
   * sockets stay where they were accepted, so a key never maps to two loops in turn.
   */
  private volatile Object[] placed = new Object[0];

  /**
   * @param loopAffinity whether sockets with a {@link SocketEndpoint#loopKey} are placed on the loop
   *     of their key (netty engine only)
   */
  public WebSocketGate(Map<String, SocketEndpoint> endpoints, ConnectionRegistry registry, Origins origins,
      Engine engine, int maxFrameBytes, boolean loopAffinity) {
    this.loopAffinity = loopAffinity;
    this.endpoints = Map.copyOf(endpoints);
    this.registry = registry;
    this.origins = origins;
    this.engine = engine;
    this.maxFrameBytes = maxFrameBytes;
    int high = registry.limits().outgoingQueueBytes();
    this.queueBound = new WriteBufferWaterMark(high / 2, high);
    // One configuration for every socket's frame decoder (each decoder keeps a reference to it).
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFrameBytes)
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .closeOnProtocolViolation(false)
        .build();
  }

  /**
   * Installs the gate on one listener instance's server; call it on that instance's context. On the
   * netty engine the context joins the loops that sockets with a {@link SocketEndpoint#loopKey} are
   * placed on, until the instance is undeployed.
   */
  public void install(HttpServer server) {
    if (engine == Engine.NETTY) {
      server.connectionHandler(this::watch);
      if (loopAffinity && Vertx.currentContext() instanceof ContextInternal here && here.isEventLoopContext()
          && loops.addIfAbsent(here)) {
        here.addCloseHook(done -> {
          placed = new Object[0];
          loops.remove(here);
          done.succeed();
        });
      }
    }
    server.webSocketHandshakeHandler(this::decide);
    server.webSocketHandler(ws -> { });
  }

  /**
   * Starts placing sockets by their loop key over the loops installed so far; call it once every
   * listener instance is installed.
   */
  public void startPlacement() {
    placed = loops.toArray();
  }

  /** What an upgrade request gets: a refusal status, or the endpoint and the client address it counts under. */
  private record Verdict(int status, SocketEndpoint endpoint, String ip) {}

  private Verdict verdict(String path, MultiMap headers, String peer) {
    SocketEndpoint endpoint = endpoints.get(path);
    if (endpoint == null) {
      return new Verdict(404, null, null);
    }
    if (!origins.allows(headers.get("Origin"))) {
      registry.metrics().counter("switchboard_upgrades_refused", "reason", "origin").increment();
      return new Verdict(403, null, null);
    }
    String ip = registry.reserveIp(endpoint.clientAddress(headers, peer == null ? "unknown" : peer));
    if (ip == null) {
      registry.metrics().counter("switchboard_upgrades_refused", "reason", "per_ip").increment();
      return new Verdict(429, null, null);
    }
    return new Verdict(0, endpoint, ip);
  }

  // ---- vertx engine ----

  private void decide(ServerWebSocketHandshake hs) {
    Verdict v = verdict(hs.path(), hs.headers(), hs.remoteAddress() == null ? null : hs.remoteAddress().hostAddress());
    if (v.endpoint() == null) {
      hs.reject(v.status());
      return;
    }
    hs.accept().onComplete(ar -> {
      if (ar.failed()) {
        registry.releaseIp(v.ip());
        LOG.debug("upgrade failed from {}: {}", v.ip(), ar.cause().toString());
        return;
      }
      Connection c = registry.open(ar.result(), v.ip(), v.endpoint());
      v.endpoint().onOpen(c);
    });
  }

  // ---- netty engine ----

  /** A new HTTP connection: the takeover handler goes in front of Vert.x's. */
  private void watch(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channel().pipeline().get("handler") != null) {
      base.channel().pipeline().addBefore("handler", "switchboard-ws-upgrade", takeover);
    }
  }

  /** Takes WebSocket upgrade requests off Vert.x; passes everything else on. Stateless, one per listener. */
  @ChannelHandler.Sharable
  private final class Takeover extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest req && isWebSocketUpgrade(req)) {
        upgrade(ctx, req);
      } else {
        ctx.fireChannelRead(msg);
      }
    }
  }

  private static boolean isWebSocketUpgrade(HttpRequest req) {
    return req.decoderResult().isSuccess() && HttpMethod.GET.equals(req.method())
        && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private void upgrade(ChannelHandlerContext ctx, HttpRequest req) {
    Channel channel = ctx.channel();
    ChannelPipeline p = channel.pipeline();
    ContextInternal context = vertxContext(p);
    // From here on the connection is ours, whatever the verdict: Vert.x's handlers leave the pipeline.
    for (String name : new String[] {"handler", "chunkedWriter", "idle", "deflater", "inflater"}) {
      if (p.get(name) != null) {
        p.remove(name);
      }
    }
    String uri = req.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? null : uri.substring(q + 1);
    Verdict v = verdict(path, new HeadersAdaptor(req.headers()), peer(channel.remoteAddress()));
    if (v.endpoint() == null || context == null) {
      refuse(channel, v.endpoint() == null ? v.status() : 500);
      if (v.endpoint() != null) {
        registry.releaseIp(v.ip());
      }
      return;
    }
    // RFC 6455 only (version 13): the older drafts Netty still speaks are not WebSocket as clients know it.
    WebSocketServerHandshaker handshaker = "13".equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
        ? new WebSocketServerHandshakerFactory("ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + path,
            "*", decoderConfig).newHandshaker(req)
        : null;
    if (handshaker == null) {
      registry.releaseIp(v.ip());
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    FullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), uri,
        Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
    channel.config().setWriteBufferWaterMark(queueBound);
    // The wire goes in before the handshake: frames that came in the same packets as the request
    // (a client that does not wait for the 101) reach it and are held for the profile.
    NettyWire wire = new NettyWire(channel, query, req.headers(), maxFrameBytes);
    p.replace(ctx.name(), "switchboard-ws", wire);
    io.netty.channel.ChannelFuture answered;
    try {
      answered = handshaker.handshake(channel, full);
    } catch (RuntimeException malformed) {
      // The handshaker throws, rather than failing the future, on a request it cannot answer (no
      // key, no "Connection: Upgrade"): the slot goes back and the client gets 400.
      registry.releaseIp(v.ip());
      LOG.debug("malformed upgrade from {}: {}", v.ip(), malformed.toString());
      refuse(channel, 400);
      return;
    }
    answered.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        registry.releaseIp(v.ip());
        LOG.debug("upgrade failed from {}: {}", v.ip(), f.cause().toString());
        channel.close();
        return;
      }
      wire.selectedSubProtocol(handshaker.selectedSubprotocol());
      // The wire encodes its frames itself and checks UTF-8 on whole messages: the handshaker's
      // frame encoder leaves, and no validator stage is added (fewer handlers per connection).
      p.remove("wsencoder");
      ContextInternal home = placed.length < 2 ? context
          : placement(v.endpoint().loopKey(query, new HeadersAdaptor(req.headers()), handshaker.selectedSubprotocol()),
              context);
      if (home.nettyEventLoop() == channel.eventLoop()) {
        open(wire, home, v);
      } else if (wire.closing()) {
        // Its close frame may still be queued, and a socket leaving its loop would not finish it.
        open(wire, context, v);
      } else {
        move(channel, wire, home, v);
      }
    });
  }

  /** Opens the connection in its Vert.x context, as Vert.x's own sockets are opened. */
  private void open(NettyWire wire, ContextInternal context, Verdict v) {
    context.dispatch(v, verdict -> {
      Connection c = registry.open(wire, context, verdict.ip(), verdict.endpoint());
      verdict.endpoint().onOpen(c);
    });
  }

  /**
   * The context a socket is served in: for a loop key, one of the listener instances' contexts
   * chosen by the key's hash (the same key, the same loop); otherwise the one that accepted it.
   */
  private ContextInternal placement(String loopKey, ContextInternal accepted) {
    Object[] known = placed;
    if (loopKey == null || known.length < 2) {
      return accepted;
    }
    int h = loopKey.hashCode() * 0x9E3779B9;
    return (ContextInternal) known[Math.floorMod(h ^ (h >>> 16), known.length)];
  }

  /**
   * Moves an upgraded socket to {@code home}'s event loop before its connection opens: nothing else
   * refers to the socket yet, and what the client sent meanwhile is held by the wire. The socket
   * leaves its loop (Netty's deregister), joins the other, and the connection opens there.
   */
  private void move(Channel channel, NettyWire wire, ContextInternal home, Verdict v) {
    channel.deregister().addListener((ChannelFutureListener) left -> {
      if (!left.isSuccess()) {
        dropMoved(channel, v, left.cause());
        return;
      }
      home.nettyEventLoop().register(channel).addListener((ChannelFutureListener) joined -> {
        if (!joined.isSuccess() || !channel.isActive()) {
          dropMoved(channel, v, joined.cause());
          return;
        }
        registry.metrics().counter("switchboard_sockets_moved").increment();
        open(wire, home, v);
      });
    });
  }

  /** A socket lost while it moved (the client went away, or the server is stopping): its slot goes back. */
  private void dropMoved(Channel channel, Verdict v, Throwable cause) {
    registry.releaseIp(v.ip());
    LOG.debug("socket from {} lost while changing event loop: {}", v.ip(), cause == null ? "closed" : cause.toString());
    channel.close();
  }

  /** The Vert.x context of the HTTP connection being taken over: the connection's event loop. */
  private static ContextInternal vertxContext(ChannelPipeline p) {
    if (p.get("handler") instanceof io.vertx.core.net.impl.VertxHandler<?> handler && handler.getConnection() != null) {
      return handler.getConnection().context();
    }
    return null;
  }

  private static String peer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return address == null ? null : address.toString();
  }

  private static void refuse(Channel channel, int status) {
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
