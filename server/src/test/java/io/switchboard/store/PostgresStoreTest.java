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
    Services.requirePostgres();
    Map<String, String> pg = Map.of(Keys.STORE_URL, Services.freshPostgresSchema(), Keys.STORE_USER,
        Services.PG_USER);
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
}
