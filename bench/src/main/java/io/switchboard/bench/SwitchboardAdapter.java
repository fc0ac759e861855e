package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Switchboard's pairing profile, set up the way its clients do: a user JWT buys WS tokens, the
 * desktop generates a code and joins, the mobile pairs with the code and joins, both see
 * {@code pairing_success}. Every pair belongs to a user of its own. Fan-out groups are one pairing
 * channel of many mobiles. Against two nodes of a cluster, the desktops go to one and the mobiles
 * to the other.
 */
final class SwitchboardAdapter extends Adapter {
  private final WebClient web;
  private final WebClient mobileWeb;
  private final int mobilePort;
  private final Function<String, String> userTokens;
  private final DeviceApi devices;
  private final Map<String, Future<Group>> groups = new ConcurrentHashMap<>();

  /** A fan-out group: one user's pairing channel, joined by one desktop and many mobiles. */
  private record Group(String jwt, String code, String channel) {}

  /**
   * @param url the pairing listener, {@code http://host:port}
   * @param main the main listener (devices profile), {@code http://host:port}; null when unknown
   * @param userTokens mints a user JWT for a user id
   */
  SwitchboardAdapter(Vertx vertx, URI url, URI main, List<String> sources, Function<String, String> userTokens) {
    this(vertx, url, main, url, sources, userTokens);
  }

  /**
   * @param mobileUrl the pairing listener the mobiles use (another node of the same cluster, or {@code url}):
   *     the desktop side (codes, desktops, relay initiators, fan-out publishers) goes to {@code url}
   */
  SwitchboardAdapter(Vertx vertx, URI url, URI main, URI mobileUrl, List<String> sources,
      Function<String, String> userTokens) {
    super(vertx, Codec.JSON, URI.create("ws://" + url.getHost() + ":" + url.getPort() + "/ws"), sources);
    this.userTokens = userTokens;
    this.devices = main == null ? null : new DeviceApi(this, main, userTokens.apply("bench-" + run + "-devices"));
    this.web = webClient(vertx, url);
    this.mobilePort = mobileUrl.getPort();
    this.mobileWeb = mobileUrl.equals(url) ? web : webClient(vertx, mobileUrl);
  }

  private static WebClient webClient(Vertx vertx, URI url) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost(url.getHost())
        .setDefaultPort(url.getPort()).setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(16));
  }

  private Future<JsonObject> post(String uri, String jwt, JsonObject body) {
    return post(web, uri, jwt, body);
  }

  private static Future<JsonObject> post(WebClient client, String uri, String jwt, JsonObject body) {
    var req = client.post(uri).putHeader("Authorization", "Bearer " + jwt);
    Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendJsonObject(body);
    return sent.compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(new IllegalStateException("POST " + uri + " answered " + r.statusCode() + " "
            + r.bodyAsString())));
  }

  /** A connected socket: a desktop on the desktop side's node, a mobile on the mobile side's. */
  private Future<Link> socket(int index, String jwt, String deviceType) {
    boolean mobile = deviceType.equals("mobile");
    String uri = mobile ? "/api/auth/ws-token-mobile" : "/api/auth/ws-token";
    return post(mobile ? mobileWeb : web, uri, jwt, null)
        .compose(t -> Link.connect(client(index), codec, host, mobile ? mobilePort : port,
            path + "?token=" + t.getString("token")))
        .compose(l -> l.await("connected").map(f -> l));
  }

  @Override
  Future<Link> connect(int index) {
    return socket(index, userTokens.apply("bench-" + run + "-e" + index), "desktop");
  }

  @Override
  Future<Pair> pair(int index) {
    String jwt = userTokens.apply("bench-" + run + "-p" + index);
    String desk = "d" + index;
    String mob = "m" + index;
    return post("/api/generate-pair-code", jwt, new JsonObject().put("desktop_session_id", desk)).compose(gen -> {
      String code = gen.getString("code");
      String channel = gen.getString("channel_id");
      return socket(2 * index, jwt, "desktop")
          .compose(d -> join(d, channel, "desktop", desk))
          .compose(d -> post(mobileWeb, "/api/pair-device", jwt, new JsonObject().put("code", code)
                  .put("mobile_session_id", mob))
              .compose(ok -> socket(2 * index + 1, jwt, "mobile"))
              .compose(m -> join(m, channel, "mobile", mob))
              .compose(m -> Future.all(d.await("pairing_success"), m.await("pairing_success"))
                  .map(all -> new Pair(d, m, channel))));
    });
  }

  private static Future<Link> join(Link l, String channel, String deviceType, String session) {
    l.send("identify", "\"device_type\":\"" + deviceType + "\",\"session_id\":\"" + session + "\"");
    return l.await("identified").compose(x -> {
      l.send("join_channel", "\"channel\":\"" + channel + "\",\"device_type\":\"" + deviceType
          + "\",\"session_id\":\"" + session + "\"");
      return l.await("channel_joined");
    }).map(x -> l);
  }

  /**
   * One user's pairing code for the group: its channel holds the desktop (the publisher) and every
   * member as a mobile paired with the same code, which needs {@code pairing.max-devices} above the
   * member count (the Switchboards the bench starts for fan-out get it).
   */
  private Future<Group> group(String name) {
    return groups.computeIfAbsent(name, n -> {
      String jwt = userTokens.apply("bench-" + run + "-" + n);
      return post("/api/generate-pair-code", jwt, new JsonObject().put("desktop_session_id", n + "-desktop"))
          .map(gen -> new Group(jwt, gen.getString("code"), gen.getString("channel_id")));
    });
  }

  @Override
  Future<String> channel(String name) {
    return group(name).map(Group::channel);
  }

  @Override
  Future<Link> member(String name, int index) {
    String session = name + "-m" + index;
    return group(name).compose(g -> post(mobileWeb, "/api/pair-device", g.jwt(),
            new JsonObject().put("code", g.code()).put("mobile_session_id", session))
        .recover(e -> Future.failedFuture(new IllegalStateException(e.getMessage()
            + " (a channel of more than two devices needs pairing.max-devices above the member count)")))
        .compose(ok -> socket(index, g.jwt(), "mobile"))
        .compose(m -> join(m, g.channel(), "mobile", session)));
  }

  @Override
  Future<Link> publisher(String name, int index) {
    return group(name).compose(g -> socket(index, g.jwt(), "desktop")
        .compose(d -> join(d, g.channel(), "desktop", name + "-desktop")));
  }

  @Override
  boolean groups() {
    return true;
  }

  @Override
  DeviceApi devices() {
    return devices;
  }

  @Override
  String devicesUnsupported() {
    return "the main listener (http.port) of this Switchboard is unknown: pass --main-url or ,main=URL in the target";
  }

  @Override
  public void close() {
    web.close();
    if (mobileWeb != web) {
      mobileWeb.close();
    }
    super.close();
  }
}
