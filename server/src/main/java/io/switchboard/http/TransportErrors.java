package io.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The answers to requests no route sees: a body over the limit (413), and requests the HTTP decoder
 * refused (a request line over 4,096 bytes: 414; headers over 8 KiB: 431; anything else it could
 * not parse: 400). Each is the REST failure shape, {"success":false,"error":CODE,"message"}; the
 * decoder's refusals also say {@code Connection: close}, since the server closes the connection
 * after them and a client that reused it would fail its next request.
 */
public final class TransportErrors {
  public static final String REQUEST_LINE_TOO_LONG = "REQUEST_LINE_TOO_LONG";
  public static final String HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE";
  public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";

  private TransportErrors() {}

  /** Answers the HTTP decoder's refusals of {@code server} in JSON. */
  public static void install(HttpServer server) {
    server.invalidRequestHandler(TransportErrors::invalid);
  }

  /** Answers {@code router}'s 413 (from its body handler) in JSON. */
  public static void mount(Router router) {
    router.errorHandler(413, ctx -> Rest.reply(ctx, 413, failure(ErrorCode.PAYLOAD_TOO_LARGE,
        "Request body larger than limits.max-message-bytes")));
  }

  private static void invalid(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    ObjectNode body;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      body = failure(REQUEST_LINE_TOO_LONG, "Request line (method, path with query, version) longer than 4096 bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      body = failure(HEADERS_TOO_LARGE, "Request headers larger than 8192 bytes in all");
    } else {
      status = 400;
      body = failure(MALFORMED_REQUEST, "Malformed HTTP request");
    }
    request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Json.write(body));
  }

  private static ObjectNode failure(String code, String message) {
    return Json.object().put("success", false).put("error", code).put("message", message);
  }
}
