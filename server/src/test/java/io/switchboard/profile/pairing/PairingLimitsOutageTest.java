package io.switchboard.profile.pairing;

import static io.switchboard.testing.PairingDriver.assertRestFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While Redis cannot be reached, pair-device fails closed (503: a guesser must never get attempts
 * that are not counted) and no code is handed out (codes are channels, kept in Redis). Redis sits
 * behind a proxy the test cuts and restores.
 */
class PairingLimitsOutageTest {
  @TempDir
  Path dataDir;

  @Test
  void pairDeviceAndCodesAreRefusedUntilRedisIsBack() {
    Services.requireRedis();
    String prefix = Services.uniqueRedisPrefix();
    RedisClient client = RedisClient.create();
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", 6379);
        TestServer s = TestServer.start(dataDir, Clock.systemUTC(), Map.of(
            Keys.CLUSTER_REDIS_URL, "redis://127.0.0.1:" + proxy.port(),
            Keys.CLUSTER_REDIS_PREFIX, prefix,
            Keys.PAIRING_CODES_PER_MINUTE, "2"))) {
      PairingDriver driver = new PairingDriver(s);
      String alice = s.userToken("alice");
      Http.Reply generated = driver.generate(alice, "desk");
      assertThat(generated.status()).isEqualTo(200);
      String code = generated.body().get("code").asText();
      String wrong = code.equals("000000") ? "000001" : "000000";

      proxy.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> driver.pairDevice(alice, wrong, "guess").status() == 503);
      Http.Reply refused = driver.pairDevice(alice, code, "mobile");
      assertRestFailure(refused, 503, ErrorCode.INTERNAL);
      assertThat(refused.body().path("message").asText()).contains("temporarily unavailable");
      assertThat(s.auditEvents("pairing.attempt")).filteredOn(e -> e.outcome().equals("error"))
          .isNotEmpty().allSatisfy(e -> assertThat(e.detail()).isEqualTo(ErrorCode.INTERNAL));

      // Codes live in Redis with their channels: none can be handed out until it is back.
      assertRestFailure(driver.generate(alice, "desk-2"), 503, ErrorCode.INTERNAL);

      proxy.restore();
      // The refused attempts took no slot: the right code pairs as soon as Redis answers again.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> driver.pairDevice(alice, code, "mobile").status() == 200);
      assertThat(s.auditEvents("pairing.attempt")).extracting(AuditEvent::outcome).contains("success");
    } finally {
      Services.deleteRedisKeys(client, prefix);
      client.shutdown();
    }
  }
}
