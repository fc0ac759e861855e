package io.switchboard.profile.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Keys;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.MutableClock;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Beyond the global failure budget every pair-device answer is slowed, successes included. */
class PairingGlobalBudgetTest {
  @TempDir
  Path dataDir;

  @Test
  void answersAreDelayedOnceTheGlobalBudgetIsExceeded() {
    // Counting windows are clock minutes: a clock that stands still keeps every failure in one window.
    Instant midMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
    try (TestServer s = TestServer.start(dataDir, new MutableClock(midMinute),
        Map.of(Keys.PAIRING_GLOBAL_BUDGET, "2", Keys.PAIRING_SLOWDOWN, "400", Keys.PAIRING_FAILURES, "5"))) {
      PairingDriver driver = new PairingDriver(s);
      String jwt = s.userToken("owner");
      String code = driver.generate(jwt, "desk").body().get("code").asText();
      String wrong = code.equals("000000") ? "000001" : "000000";
      for (int i = 0; i < 3; i++) {
        assertThat(driver.pairDevice(s.userToken("guesser-" + i), wrong, "m").status()).isEqualTo(404);
      }
      // Three failures against a budget of two: the next answer, a success, waits out the slowdown.
      long started = System.nanoTime();
      Http.Reply ok = driver.pairDevice(jwt, code, "mob");
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(ok.status()).isEqualTo(200);
      assertThat(tookMs).as("a timer cannot fire early: the answer waited at least the slowdown")
          .isGreaterThanOrEqualTo(400);
    }
  }
}
