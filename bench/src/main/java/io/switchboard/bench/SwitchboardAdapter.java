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
import java.util.function.Function;

/**
 * Switchboard's pairing profile, set up the way its clients do: a user JWT buys WS tokens, the
 * desktop generates a code and joins, the mobile pairs with the code and joins, both see
 * {@code pairing_success}. Every pair belongs to a user of its own.
 */
final class SwitchboardAdapter extends Adapter {
  private final WebClient web;
  private final Function<String, String> userTokens;
  private final DeviceApi devices;

  /**
   * @param url the pairing listener, {@code http://host:port}
   * @param main the main listener (devices profile), {@code http://host:port}; null when unknown
   * @param userTokens mints a user JWT for a user id
   */
  SwitchboardAdapter(Vertx vertx, URI url, URI main, List<String> sources, Function<String, String> userTokens) {
    super(vertx, Codec.JSON, URI.create("ws://" + url.getHost() + ":" + url.getPort() + "/ws"), sources);
    this.userTokens = userTokens;
    this.devices = main == null ? null : new DeviceApi(this, main, userTokens.apply("bench-" + run + "-devices"));
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(url.getHost())
        .setDefaultPort(url.getPort()).setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(16));
  }

  private Future<JsonObject> post(String uri, String jwt, JsonObject body) {
    var req = web.post(uri).putHeader("Authorization", "Bearer " + jwt);
    Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendJsonObject(body);
    return sent.compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(new IllegalStateException("POST " + uri + " answered " + r.statusCode() + " "
            + r.bodyAsString())));
  }

  private Future<Link> socket(int index, String jwt, String deviceType) {
    String uri = deviceType.equals("mobile") ? "/api/auth/ws-token-mobile" : "/api/auth/ws-token";
    return post(uri, jwt, null).compose(t -> open(index, path + "?token=" + t.getString("token")))
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
          .compose(d -> post("/api/pair-device", jwt, new JsonObject().put("code", code).put("mobile_session_id", mob))
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

  @Override
  Future<Link> member(String channel, int index) {
    return Future.failedFuture(new UnsupportedOperationException(
        "pairing channels hold two members (desktop and mobile); Switchboard has no larger channel yet"));
  }

  @Override
  boolean groups() {
    return false;
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
    super.close();
  }
}
