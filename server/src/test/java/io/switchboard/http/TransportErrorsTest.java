package io.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.Docs;
import io.switchboard.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests no route sees get the REST failure shape, and the ones after which the server closes the
 * connection say so, so that a client does not send its next request on it.
 */
class TransportErrorsTest {
  @TempDir
  static Path dir;
  private static TestServer server;
  private static String base;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    base = "http://127.0.0.1:" + server.httpPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertFailure(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = Json.parseOrNull(r.body());
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  /**
   * The request is refused with {@code status} and {@code code} and told the connection closes; the
   * same client's next request works, on a connection the server left open, never on the closed one.
   */
  private static void assertRefusedAndClosed(HttpRequest.Builder request, int status, String code) throws Exception {
    HttpResponse<String> r = send(request);
    assertFailure(r, status, code);
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health")).GET()).statusCode()).isEqualTo(200);
  }

  @Test
  void aTooLongRequestLineIs414InJsonAndTheClientsNextRequestWorks() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertRefusedAndClosed(HttpRequest.newBuilder(URI.create(base + "/health?pad=" + "p".repeat(5000))).GET(), 414,
          TransportErrors.REQUEST_LINE_TOO_LONG);
    }
  }

  @Test
  void headersOver8KiBAre431InJson() throws Exception {
    assertRefusedAndClosed(HttpRequest.newBuilder(URI.create(base + "/health")).header("X-Padding", "h".repeat(9000))
        .GET(), 431, TransportErrors.HEADERS_TOO_LARGE);
  }

  @Test
  void aBodyOverTheLimitIs413InJson() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/devices/location"))
        .header("Authorization", "Bearer " + server.userToken("tess"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"pad\":\"" + "b".repeat(70_000) + "\"}")));
    assertFailure(r, 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void aRequestTheDecoderCannotReadIs400InJsonAndTheConnectionCloses() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readToEnd(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).containsIgnoringCase("connection: close");
      JsonNode body = Json.parseOrNull(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.get("error").asText()).isEqualTo(TransportErrors.MALFORMED_REQUEST);
    }
  }

  @Test
  void everyCodeIsOnTheOperationsPage() {
    String page = Docs.page("operations.md");
    for (String code : new String[] {TransportErrors.REQUEST_LINE_TOO_LONG, TransportErrors.HEADERS_TOO_LARGE,
        TransportErrors.MALFORMED_REQUEST, "PAYLOAD_TOO_LARGE"}) {
      assertThat(page).contains("`" + code + "`");
    }
  }

  /** Everything the server sends until it closes the connection (the test fails on the read timeout otherwise). */
  private static String readToEnd(InputStream in) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) >= 0; ) {
      all.write(buf, 0, n);
    }
    return all.toString(StandardCharsets.UTF_8);
  }
}
