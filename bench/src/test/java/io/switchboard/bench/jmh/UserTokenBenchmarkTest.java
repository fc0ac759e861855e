package io.switchboard.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both variants of the JWT benchmark verify the token and name its user. */
class UserTokenBenchmarkTest {
  @Test
  void bothVariantsAnswerWithTheTokensUser() throws Exception {
    UserTokenBenchmark b = new UserTokenBenchmark();
    b.credentials();
    try {
      assertThat(b.full().userId()).isEqualTo("user-4711");
      assertThat(b.remembered().userId()).isEqualTo("user-4711");
      assertThat(b.remembered().userId()).isEqualTo("user-4711");
    } finally {
      b.close();
    }
  }
}
