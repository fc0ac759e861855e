package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same migrations and audit trail on a real PostgreSQL, surviving a restart. */
class PostgresStoreTest {
  @TempDir
  Path dataDir;

  @Test
  void migrationsRunAndAuditRowsSurviveRestartOnPostgres() throws Exception {
    Map<String, String> pg = freshPostgres();
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), pg)) {
      PairingDriver driver = new PairingDriver(s);
      String jwt = s.userToken("lena");
      String code = driver.generate(jwt, "desk-l").body().get("code").asText();
      assertThat(driver.pairDevice(jwt, code, "mob-l").status()).isEqualTo(200);
    }
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), pg)) {
      List<AuditEvent> rows = s.server().audit()
          .query(new AuditLog.Query("pairing.attempt", "lena", null, null, 10, Long.MAX_VALUE))
          .toCompletionStage().toCompletableFuture().join();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).outcome()).isEqualTo("success");
      assertThat(rows.get(0).profile()).isEqualTo("pairing");
    }
  }
  @Test
  void anOwnersRowsAndTheAttemptsOnTheirDevicesPageTogetherOnPostgres() throws Exception {
    Map<String, String> pg = freshPostgres();
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), pg)) {
      AuditLog audit = s.server().audit();
      java.time.Instant t = java.time.Instant.parse("2026-11-23T00:00:00Z");
      audit.record(new AuditEvent(t, "device.register", "devices", "olga", "10.0.0.1", "tv", "success", "location"));
      audit.record(new AuditEvent(t.plusSeconds(1), "device.register", "devices", "ivan", "10.0.0.2", "tv", "denied",
          "DEVICE_OWNED_BY_ANOTHER_USER", "olga"));
      audit.record(new AuditEvent(t.plusSeconds(2), "device.register", "devices", "ivan", "10.0.0.2", "ivan-tv",
          "success", "location"));
      audit.record(new AuditEvent(t.plusSeconds(3), "device.remove", "devices", "olga", "10.0.0.1", "tv", "success",
          null));
      audit.flush().toCompletionStage().toCompletableFuture().join();

      List<AuditLog.Row> all = page(audit, new AuditLog.Query(null, "olga", null, null, 10, Long.MAX_VALUE, null, true));
      assertThat(all).extracting(r -> r.event().kind() + "/" + r.event().actor())
          .containsExactly("device.remove/olga", "device.register/ivan", "device.register/olga");
      assertThat(all.get(1).event().owner()).isEqualTo("olga");
      // paging runs across both selects, newest first
      List<AuditLog.Row> first = page(audit, new AuditLog.Query(null, "olga", null, null, 2, Long.MAX_VALUE, null,
          true));
      List<AuditLog.Row> rest = page(audit, new AuditLog.Query(null, "olga", null, null, 2, first.get(1).id(), null,
          true));
      assertThat(first).hasSize(2);
      assertThat(rest).extracting(r -> r.event().actor()).containsExactly("olga");
      // filters apply to both
      assertThat(page(audit, new AuditLog.Query("device.register", "olga", "denied", null, 10, Long.MAX_VALUE, null,
          true))).extracting(r -> r.event().actor()).containsExactly("ivan");
      // without orOwner, as before: the actor's rows only
      assertThat(page(audit, new AuditLog.Query(null, "olga", null, null, 10, Long.MAX_VALUE)))
          .extracting(r -> r.event().actor()).containsOnly("olga");
    }
  }

  /** The store settings of a fresh schema on the machine's PostgreSQL (skips the test without one). */
  private static Map<String, String> freshPostgres() throws Exception {
    Services.requirePostgres();
    return Map.of(Keys.STORE_URL, Services.freshPostgresSchema(), Keys.STORE_USER, Services.PG_USER);
  }

  private static List<AuditLog.Row> page(AuditLog audit, AuditLog.Query q) {
    return audit.page(q).toCompletionStage().toCompletableFuture().join();
  }
}
