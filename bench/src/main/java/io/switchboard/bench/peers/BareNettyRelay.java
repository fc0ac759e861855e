package io.switchboard.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The same relay as {@link BareRelay} written on Netty alone, without Vert.x: the floor of a JVM
 * WebSocket server's cost per connection, below the framework Switchboard is built on. No
 * authentication, validation or limits; one event loop per core, epoll when it loads.
 */
public final class BareNettyRelay implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AttributeKey<String> JOINED = AttributeKey.valueOf("joined");

  private final EventLoopGroup group;
  private final Channel server;

  private BareNettyRelay(EventLoopGroup group, Channel server) {
    this.group = group;
    this.server = server;
  }

  /** Listens on host:port with {@code loops} event loops. */
  public static BareNettyRelay start(String host, int port, int loops) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, io);
    ConcurrentHashMap<String, Set<Channel>> channels = new ConcurrentHashMap<>();
    Relay relay = new Relay(channels);
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/ws").checkStartsWith(true).handleCloseFrames(true).build();
    Channel server = new ServerBootstrap().group(group).channel(type)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new WebSocketServerProtocolHandler(ws), relay);
          }
        })
        .bind(host, port).sync().channel();
    return new BareNettyRelay(group, server);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully().syncUninterruptibly();
  }

  /** One handler for every socket: join a channel, relay to its other members, answer pings. */
  @ChannelHandler.Sharable
  private static final class Relay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final ConcurrentHashMap<String, Set<Channel>> channels;

    Relay(ConcurrentHashMap<String, Set<Channel>> channels) {
      this.channels = channels;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connected\",\"client_id\":\"" + UUID.randomUUID() + "\"}"));
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String text = frame.text();
      JsonNode msg;
      try {
        msg = MAPPER.readTree(text);
      } catch (Exception e) {
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"error\",\"code\":\"INVALID_JSON\"}"));
        return;
      }
      Channel self = ctx.channel();
      switch (msg.path("type").asText("")) {
        case "channel_message" -> {
          String joined = self.attr(JOINED).get();
          Set<Channel> members = joined == null ? null : channels.get(joined);
          if (members != null) {
            for (Channel m : members) {
              if (m != self) {
                m.writeAndFlush(new TextWebSocketFrame(text));
              }
            }
          }
        }
        case "ping" -> ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\",\"sequence\":"
            + msg.path("sequence") + ",\"timestamp\":\"" + Instant.now() + "\"}"));
        case "join_channel" -> {
          String channel = msg.path("channel").asText();
          Set<Channel> members = channels.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet());
          members.add(self);
          self.attr(JOINED).set(channel);
          self.closeFuture().addListener(f -> channels.computeIfPresent(channel, (c, set) -> {
            set.remove(self);
            return set.isEmpty() ? null : set;
          }));
          ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"channel_joined\",\"channel\":\"" + channel
              + "\",\"members\":" + members.size() + "}"));
        }
        default -> { }
      }
    }
  }
}
