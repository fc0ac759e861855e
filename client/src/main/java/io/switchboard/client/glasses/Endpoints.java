package io.switchboard.client.glasses;

import java.net.URI;

/** Where a hub URL points a socket of this profile. */
final class Endpoints {
  private Endpoints() {}

  /**
   * {@code http(s)://host:port[/]} becomes {@code ws(s)://host:port<path>}; a {@code ws(s)://} URL
   * without a path gets {@code path}; any other {@code ws(s)://} URL is used as it is.
   */
  static URI socket(String url, String path) {
    URI u = URI.create(url);
    String scheme = u.getScheme();
    String rawPath = u.getRawPath() == null ? "" : u.getRawPath();
    boolean bare = rawPath.isEmpty() || rawPath.equals("/");
    if ("http".equals(scheme) || "https".equals(scheme)) {
      String ws = "https".equals(scheme) ? "wss" : "ws";
      return URI.create(ws + "://" + u.getRawAuthority() + (bare ? path : rawPath)
          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }
    if ("ws".equals(scheme) || "wss".equals(scheme)) {
      return bare ? URI.create(scheme + "://" + u.getRawAuthority() + path
          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())) : u;
    }
    throw new IllegalArgumentException("the URL must be http, https, ws or wss");
  }
}
