package io.switchboard.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ceiling of our own stack: Vert.x and Jackson doing the relay path of the pairing protocol
 * with nothing else. No authentication (any {@code ?token=} is accepted), no validation, no limits,
 * no broker: {@code join_channel} adds the socket to a set, {@code channel_message} is written as
 * received to the other members, {@code ping} gets {@code pong}. One server instance per event loop.
 */
public final class BareRelay {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Vertx vertx;
  private final String deployment;
  private final int port;

  private BareRelay(Vertx vertx, String deployment, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
  }

  /** Listens on host:port (0: a free port) with one server instance per event loop. */
  public static Future<BareRelay> start(Vertx vertx, String host, int port, int instances) {
    int p = port == 0 ? freePort(host) : port;
    ConcurrentHashMap<String, Set<ServerWebSocket>> channels = new ConcurrentHashMap<>();
    return vertx.deployVerticle(() -> new Instance(host, p, channels), new DeploymentOptions().setInstances(instances))
        .map(id -> new BareRelay(vertx, id, p));
  }

  /** A port nothing listens on right now. */
  public static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    return vertx.undeploy(deployment);
  }

  /** One listening instance, on its own event loop. */
  private static final class Instance extends AbstractVerticle {
    private final String host;
    private final int port;
    private final ConcurrentHashMap<String, Set<ServerWebSocket>> channels;

    Instance(String host, int port, ConcurrentHashMap<String, Set<ServerWebSocket>> channels) {
      this.host = host;
      this.port = port;
      this.channels = channels;
    }

    @Override
    public void start(Promise<Void> started) {
      vertx.createHttpServer(new HttpServerOptions().setHost(host).setTcpNoDelay(true))
          .webSocketHandler(this::open)
          .listen(port)
          .<Void>mapEmpty()
          .onComplete(started);
    }

    private void open(ServerWebSocket ws) {
      if (!ws.path().equals("/ws")) {
        ws.close((short) 1008, "Unknown path");
        return;
      }
      String[] joined = {null};
      ws.writeTextMessage("{\"type\":\"connected\",\"client_id\":\"" + UUID.randomUUID() + "\"}");
      ws.textMessageHandler(text -> {
        JsonNode msg;
        try {
          msg = MAPPER.readTree(text);
        } catch (Exception e) {
          ws.writeTextMessage("{\"type\":\"error\",\"code\":\"INVALID_JSON\"}");
          return;
        }
        switch (msg.path("type").asText("")) {
          case "channel_message" -> {
            Set<ServerWebSocket> members = joined[0] == null ? null : channels.get(joined[0]);
            if (members != null) {
              for (ServerWebSocket m : members) {
                if (m != ws) {
                  m.writeTextMessage(text);
                }
              }
            }
          }
          case "ping" -> ws.writeTextMessage("{\"type\":\"pong\",\"sequence\":" + msg.path("sequence")
              + ",\"timestamp\":\"" + Instant.now() + "\"}");
          case "join_channel" -> {
            String channel = msg.path("channel").asText();
            Set<ServerWebSocket> members = channels.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet());
            members.add(ws);
            joined[0] = channel;
            ws.writeTextMessage("{\"type\":\"channel_joined\",\"channel\":\"" + channel + "\",\"members\":"
                + members.size() + "}");
          }
          default -> { }
        }
      });
      ws.closeHandler(v -> {
        if (joined[0] != null) {
          channels.computeIfPresent(joined[0], (c, set) -> {
            set.remove(ws);
            return set.isEmpty() ? null : set;
          });
        }
      });
    }
  }
}
