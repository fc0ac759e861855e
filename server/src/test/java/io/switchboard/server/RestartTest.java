package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart keeps the generated secret (tokens stay valid) and the audit rows. */
class RestartTest {
  @TempDir
  Path dataDir;

  @Test
  void restartKeepsSecretAndAuditRows() throws Exception {
    String token;
    try (TestServer first = TestServer.start(dataDir)) {
      token = first.userToken("henry");
      PairingDriver driver = new PairingDriver(first);
      String code = driver.generate(token, "desk-h").body().get("code").asText();
      assertThat(driver.pairDevice(token, code.equals("000000") ? "000001" : "000000", "mob-h").status())
          .isEqualTo(404);
      assertThat(driver.pairDevice(token, code, "mob-h").status()).isEqualTo(200);
      assertThat(Http.post(first.pairingUrl() + "/api/auth/ws-token", "forged.token.value", "").status())
          .isEqualTo(401);
    }
    Path secret = dataDir.resolve("jwt-secret");
    assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    byte[] secretBefore = Files.readAllBytes(secret);

    try (TestServer second = TestServer.start(dataDir)) {
      assertThat(Files.readAllBytes(secret)).isEqualTo(secretBefore);
      // A token minted before the restart still verifies.
      assertThat(Http.post(second.pairingUrl() + "/api/auth/ws-token", token, "").status()).isEqualTo(200);
      List<AuditEvent> rows = second.server().audit().query(AuditLog.Query.all(100))
          .toCompletionStage().toCompletableFuture().join();
      assertThat(rows).anyMatch(e -> e.kind().equals("pairing.attempt") && e.outcome().equals("success")
          && "henry".equals(e.actor()));
      assertThat(rows).anyMatch(e -> e.kind().equals("pairing.attempt") && e.outcome().equals("failure")
          && "CODE_NOT_FOUND".equals(e.detail()));
      assertThat(rows).anyMatch(e -> e.kind().equals("auth.failure"));
      assertThat(rows).noneMatch(e -> String.valueOf(e.detail()).contains("forged.token.value"));
    }
  }
}
