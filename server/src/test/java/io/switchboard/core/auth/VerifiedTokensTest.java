package io.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules under which a verified user JWT is reused without verifying it again. */
class VerifiedTokensTest {
  private static final Principal ALICE = new Principal("alice", null, Principal.Kind.USER_JWT);
  private static final long LEEWAY = 30_000;
  private static final long MAX_AGE = 300_000;

  @Test
  void aTokenIsReusedOnlyByItsExactText() {
    VerifiedTokens tokens = new VerifiedTokens(10, LEEWAY, MAX_AGE);
    tokens.put("a.b.c", ALICE, 0, 1_000_000, 0);
    assertThat(tokens.get("a.b.c", 1)).isEqualTo(ALICE);
    assertThat(tokens.get("a.b.d", 1)).isNull();
  }

  @Test
  void expiryIsCheckedOnEveryUseWithTheLeeway() {
    VerifiedTokens tokens = new VerifiedTokens(10, LEEWAY, MAX_AGE);
    tokens.put("t", ALICE, 0, 100_000, 0);
    assertThat(tokens.get("t", 100_000 + LEEWAY - 1)).isEqualTo(ALICE);
    assertThat(tokens.get("t", 100_000 + LEEWAY)).isNull();
    // Forgotten, not only refused: the next use verifies in full.
    assertThat(tokens.size()).isZero();
  }

  @Test
  void aTokenIsReusedAtMostTheMaximumAgeWhateverItsExpiry() {
    VerifiedTokens tokens = new VerifiedTokens(10, LEEWAY, MAX_AGE);
    tokens.put("t", ALICE, 0, Long.MAX_VALUE / 2, 1_000);
    assertThat(tokens.get("t", 1_000 + MAX_AGE - 1)).isEqualTo(ALICE);
    assertThat(tokens.get("t", 1_000 + MAX_AGE)).isNull();
  }

  @Test
  void aClockBeforeNotBeforeGetsNoAnswer() {
    VerifiedTokens tokens = new VerifiedTokens(10, LEEWAY, MAX_AGE);
    tokens.put("t", ALICE, 200_000, 1_000_000, 200_000);
    assertThat(tokens.get("t", 200_000 - LEEWAY + 1)).isEqualTo(ALICE);
    assertThat(tokens.get("t", 200_000 - LEEWAY)).isNull();
  }

  @Test
  void theNumberOfTokensIsBoundedAndZeroKeepsNone() {
    VerifiedTokens tokens = new VerifiedTokens(3, LEEWAY, MAX_AGE);
    for (int i = 0; i < 10; i++) {
      tokens.put("t" + i, ALICE, 0, 1_000_000, 0);
      assertThat(tokens.size()).isLessThanOrEqualTo(3);
    }
    assertThat(tokens.get("t9", 1)).isEqualTo(ALICE);

    VerifiedTokens none = new VerifiedTokens(0, LEEWAY, MAX_AGE);
    none.put("t", ALICE, 0, 1_000_000, 0);
    assertThat(none.get("t", 1)).isNull();
    assertThat(none.size()).isZero();
  }
}
