package io.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Keys;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.DeviceDriver;
import io.switchboard.testing.Docs;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.Http;
import io.switchboard.testing.JsonFuzz;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded malformed bodies, ids and query parameters for the pairing, device and glasses (app server,
 * the user's apps) REST endpoints: each
 * answer is a 2xx, or a 4xx whose JSON body names an error code the profile's page documents, never
 * a 5xx; afterwards another user's pairing and device command work as before. The pairing limits are
 * raised so that the variants reach the handlers' own checks instead of the brute-force bound.
 */
class MalformedRequestsTest {
  private static final long SEED = 20261124L;
  private static final int VARIANTS = 1500;

  @TempDir
  Path dir;

  @Test
  void malformedPairingRequestsGetDocumentedErrors() {
    Map<String, String> open = Map.of(Keys.PAIRING_FAILURES, "1000000", Keys.PAIRING_GLOBAL_BUDGET, "1000000",
        Keys.PAIRING_CODES_PER_MINUTE, "1000000");
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), open)) {
      PairingDriver driver = new PairingDriver(server);
      String jwt = server.userToken("fuzz");
      String code = driver.generate(jwt, "desk").body().get("code").asText();
      String base = server.pairingUrl();
      List<String> paths = List.of("/api/auth/ws-token", "/api/auth/ws-token-mobile", "/api/generate-pair-code",
          "/api/pair-device");
      List<ObjectNode> valid = List.of(Json.object().put("desktop_session_id", "desk-2"),
          Json.object().put("code", code).put("mobile_session_id", "mob-1"), Json.object());
      String docs = Docs.page("pairing.md");
      JsonFuzz fuzz = new JsonFuzz(SEED);
      for (int i = 0; i < VARIANTS; i++) {
        String path = fuzz.pick(paths);
        Http.Reply r = Http.post(base + path, jwt, fuzz.text(fuzz.pick(valid), List.of("x")));
        assertAnswer(r, i, path, docs);
      }
      PairingDriver.Pair neighbour = driver.pair("neighbour", "n");
      PairingDriver.relayMarker(neighbour.desktop(), neighbour.mobile(), neighbour.channel());
      neighbour.close();
    }
  }

  @Test
  void malformedDeviceRequestsGetDocumentedErrors() {
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), Map.of())) {
      DeviceDriver driver = new DeviceDriver(server);
      String jwt = server.userToken("fuzz");
      // Registered, then offline: valid calls answer at once (409, or 202 when queued) instead of waiting.
      List<String> all = List.of("camera", "location", "notification", "screen_record", "command_execution");
      driver.device(jwt, "dev-fuzz", all).close();
      ObjectNode common = Json.object().put("device_node_id", "dev-fuzz").put("timeout_seconds", 5)
          .put("agent_id", "agent-1").put("idempotency_key", "k-1").put("queue_if_offline", false);
      List<ObjectNode> valid = List.of(common.deepCopy().put("accuracy", "high"),
          common.deepCopy().put("title", "t").put("body", "b"),
          common.deepCopy().put("camera_id", "front").put("resolution", "640x480").put("save_path", "/tmp/x.jpg"),
          common.deepCopy().put("duration_seconds", 10).put("audio", true),
          common.deepCopy().put("recording_id", "rec-1"),
          common.deepCopy().put("command", "ls -la").put("working_dir", "/tmp"));
      List<String> posts = List.of("/api/devices/location", "/api/devices/notification", "/api/devices/camera/snap",
          "/api/devices/screen/record/start", "/api/devices/screen/record/stop", "/api/devices/execute");
      List<String> params = List.of("kind", "outcome", "limit", "before", "since", "device_node_id");
      String base = driver.base();
      String docs = Docs.page("devices.md");
      JsonFuzz fuzz = new JsonFuzz(SEED);
      for (int i = 0; i < VARIANTS; i++) {
        // Within the HTTP server's 4,096-byte request line (longer ones are tested once, at the end).
        String odd = URLEncoder.encode(cut(fuzz.text(fuzz.pick(valid), List.of("x")), 300), StandardCharsets.UTF_8);
        String what;
        Http.Reply r;
        switch (i % 5) {
          case 0, 1, 2 -> {
            what = fuzz.pick(posts);
            r = Http.post(base + what, jwt, fuzz.text(fuzz.pick(valid), List.of("x")));
          }
          case 3 -> {
            what = "/api/devices/audit?" + fuzz.pick(params) + "=" + odd + "&" + fuzz.pick(params) + "="
                + URLEncoder.encode(Integer.toString(i - 700), StandardCharsets.UTF_8);
            r = Http.get(base + what, jwt);
          }
          default -> {
            String id = odd;
            what = fuzz.pick(List.of("GET /api/devices/commands/", "DELETE /api/devices/commands/", "GET /api/devices/",
                "DELETE /api/devices/")) + id;
            r = what.startsWith("DELETE") ? Http.delete(base + what.substring(7), jwt) : Http.get(base + what.substring(4), jwt);
          }
        }
        assertAnswer(r, i, what, docs);
      }

      String other = server.userToken("neighbour");
      WsProbe device = driver.device(other, "dev-neighbour", List.of("location"));
      CompletableFuture<Http.Reply> reply = driver.call("/api/devices/location", other,
          Json.object().put("device_node_id", "dev-neighbour"));
      JsonNode command = device.await("command");
      device.send(DeviceDriver.result(command, true, Json.object().put("latitude", 3.5)));
      assertThat(reply.join().status()).isEqualTo(200);
      device.close();

      // The HTTP server's own bound on the request line (TransportErrorsTest has the rest of it).
      Http.Reply tooLong = Http.get(base + "/api/devices/audit?kind=" + "k".repeat(5000), jwt);
      assertThat(tooLong.status()).isEqualTo(414);
      assertThat(tooLong.body().get("error").asText()).isEqualTo(TransportErrors.REQUEST_LINE_TOO_LONG);
      assertThat(Http.get(base + "/api/devices", jwt).status()).isEqualTo(200);
    }
  }

  /** At most {@code max} characters, never half of a surrogate pair. */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
  }

  @Test
  void malformedGlassesRequestsGetDocumentedErrors() throws Exception {
    String pkg = "com.example.fuzz";
    try (TestServer server = TestServer.start(dir, Clock.systemUTC(), Map.of());
        FakeAppServer appServer = new FakeAppServer()) {
      GlassesDriver driver = new GlassesDriver(server);
      String key = driver.createApp(pkg, appServer.url());
      String jwt = server.userToken("fuzz");
      WsProbe glasses = driver.glasses(jwt);
      String base = driver.base();
      Http.Reply registered = Http.post(base + "/api/tpa-server/register", null, Json.write(Json.object()
          .put("packageName", pkg).put("apiKey", key).put("webhookUrl", appServer.url() + "/webhook")
          .put("serverUrls", appServer.url())));
      assertThat(registered.status()).as("%s", registered.body()).isEqualTo(201);
      String registration = registered.body().get("registrationId").asText();
      List<ObjectNode> valid = List.of(Json.object().put("packageName", pkg).put("apiKey", key)
              .put("webhookUrl", appServer.url() + "/webhook").put("serverUrls", appServer.url()),
          Json.object().put("registrationId", registration));
      List<String> posts = List.of("/api/tpa-server/register", "/api/tpa-server/heartbeat");
      String docs = Docs.page("glasses.md");
      JsonFuzz fuzz = new JsonFuzz(SEED);
      for (int i = 0; i < VARIANTS / 3; i++) {
        String what;
        Http.Reply r;
        if (i % 3 == 2) {
          String name = URLEncoder.encode(cut(fuzz.text(fuzz.pick(valid), List.of("x")), 200), StandardCharsets.UTF_8);
          what = "/api/apps/" + name + (fuzz.chance(50) ? "/start" : "/stop");
          r = Http.post(base + what, jwt, "");
        } else {
          what = fuzz.pick(posts);
          r = Http.post(base + what, null, fuzz.text(fuzz.pick(valid), List.of("x")));
        }
        // This page's failures are {"success":false,"error":message,"code":CODE}.
        assertThat(r.status()).as("variant %d, %s: %s", i, what, r.body()).isBetween(200, 499);
        if (r.status() >= 400) {
          assertThat(r.body()).as("variant %d, %s: a JSON body", i, what).isNotNull();
          String code = r.body().path("code").asText();
          assertThat(Docs.documents(docs, code)).as("variant %d, %s: %s documented", i, what, r.body()).isTrue();
          assertThat(code).as("variant %d, %s: %s", i, what, r.body()).isNotEqualTo(ErrorCode.INTERNAL);
          assertThat(r.body().path("error").asText()).as("variant %d, %s: %s", i, what, r.body()).isNotBlank();
        }
      }

      // The user's glasses still run the app: started, its server asked for a session.
      assertThat(Http.post(base + "/api/apps/" + pkg + "/start", jwt, "").status()).isLessThan(300);
      assertThat(appServer.await("session_request", GlassesDriver.appSessionId(glasses, pkg))).isNotNull();
      glasses.close();
    }
  }

  /**
   * A success, or a client error whose body names a documented code and says what is wrong.
   */
  private static void assertAnswer(Http.Reply r, int variant, String what, String docs) {
    assertThat(r.status()).as("variant %d, %s: %s", variant, what, r.body()).isBetween(200, 499);
    if (r.status() >= 400) {
      assertThat(r.body()).as("variant %d, %s: a JSON body", variant, what).isNotNull();
      String code = r.body().path("error").asText();
      assertThat(code).as("variant %d, %s: %s", variant, what, r.body()).isNotEqualTo(ErrorCode.INTERNAL);
      assertThat(Docs.documents(docs, code)).as("variant %d, %s: %s documented", variant, what, r.body()).isTrue();
      assertThat(r.body().path("message").asText()).as("variant %d, %s: %s", variant, what, r.body()).isNotBlank();
    }
  }

}
