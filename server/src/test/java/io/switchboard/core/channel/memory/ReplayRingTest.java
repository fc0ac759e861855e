package io.switchboard.core.channel.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.channel.Relayed;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayRingTest {
  private static Relayed relayed(long seq, String sender, String text) {
    return new Relayed(seq, sender, text);
  }

  @Test
  void keepsTheNewestMessagesOldestFirstAcrossWrapsAndGrowth() {
    ReplayRing ring = new ReplayRing(5);
    for (int seq = 1; seq <= 12; seq++) {
      ring.add(relayed(seq, "conn-d", "{\"seq\":" + seq + "}"), "desktop");
    }
    assertThat(ring.size()).isEqualTo(5);
    assertThat(ring.after(0, "mobile")).extracting(Relayed::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
    assertThat(ring.after(10, "mobile")).extracting(Relayed::text).containsExactly("{\"seq\":11}", "{\"seq\":12}");
  }

  @Test
  void leavesOutWhatTheRejoiningSlotSentAndKeepsTheSender() {
    ReplayRing ring = new ReplayRing(100);
    ring.add(relayed(1, "conn-d", "a"), "desktop");
    ring.add(relayed(2, "conn-m", "b"), "mobile");
    ring.add(relayed(3, "conn-d", "c"), "desktop");
    assertThat(ring.after(0, "mobile")).containsExactly(relayed(1, "conn-d", "a"), relayed(3, "conn-d", "c"));
    assertThat(ring.after(0, "desktop")).containsExactly(relayed(2, "conn-m", "b"));
  }

  /** Texts of any length and script come back exactly, whichever reused array held them before. */
  @Test
  void textsComeBackExactlyWhateverTheirLengthAndCharacters() {
    ReplayRing ring = new ReplayRing(2);
    List<String> texts = List.of("x".repeat(5000), "é", "short", "€ 𝄞 ü ✓ " + "y".repeat(300), "", "z".repeat(70),
        "{\"payload\":\"日本語\"}");
    long seq = 0;
    for (String text : texts) {
      ring.add(relayed(++seq, "conn-d", text), "desktop");
      assertThat(ring.after(seq - 1, "mobile")).extracting(Relayed::text).containsExactly(text);
    }
    assertThat(ring.after(0, "mobile")).extracting(Relayed::text)
        .containsExactly(texts.get(texts.size() - 2), texts.get(texts.size() - 1));
  }

  @Test
  void aZeroCapacityKeepsNothing() {
    ReplayRing ring = new ReplayRing(0);
    ring.add(relayed(1, "conn-d", "a"), "desktop");
    assertThat(ring.size()).isZero();
    assertThat(ring.after(0, "mobile")).isEmpty();
  }
}
