package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The display manager's decisions on their own, time given by the test. */
class GlassesDisplayManagerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final DisplayManager displays = new DisplayManager(Duration.ofMillis(200));

  @Test
  void viewsAreThrottledIndependently() {
    displays.started("a");
    assertThat(texts(displays.request("a", "main", wall("m1"), null, T0))).containsExactly("m1");
    assertThat(texts(displays.request("a", "dashboard", wall("d1"), null, T0))).containsExactly("d1");
    assertThat(displays.request("a", "main", wall("m2"), null, T0.plusMillis(10))).isEmpty();
    assertThat(displays.nextDue()).isEqualTo(T0.plusMillis(200));
    assertThat(displays.tick(T0.plusMillis(199))).isEmpty();
    List<DisplayManager.Shown> due = displays.tick(T0.plusMillis(200));
    assertThat(texts(due)).containsExactly("m2");
    assertThat(due.get(0).view()).isEqualTo("main");
    assertThat(displays.nextDue()).isNull();
  }

  @Test
  void anExpiredLayoutThatCoveredNothingClearsTheView() {
    displays.started("a");
    displays.request("a", "main", wall("short"), 500L, T0);
    List<DisplayManager.Shown> cleared = displays.tick(T0.plusMillis(500));
    assertThat(cleared).hasSize(1);
    assertThat(cleared.get(0).layout().get("layoutType").asText()).isEqualTo("clear_view");
  }

  @Test
  void restoredLayoutsCarryTheirRemainingTime() {
    displays.started("a");
    displays.request("a", "main", wall("long"), 5000L, T0);
    displays.request("a", "main", wall("short"), 1000L, T0.plusMillis(200));
    List<DisplayManager.Shown> back = displays.tick(T0.plusMillis(1200));
    assertThat(texts(back)).containsExactly("long");
    assertThat(back.get(0).durationMs()).isEqualTo(3800L);
  }

  @Test
  void stoppingTheForegroundAppHandsTheViewToTheNextNewestApp() {
    displays.started("a");
    displays.started("b");
    displays.request("a", "main", wall("a1"), null, T0);
    assertThat(texts(displays.request("b", "main", wall("b1"), null, T0))).containsExactly("b1");
    assertThat(displays.request("a", "main", wall("a2"), null, T0.plusMillis(300))).isEmpty();
    assertThat(texts(displays.stopped("b", T0.plusMillis(400)))).containsExactly("a2");
    assertThat(texts(displays.current(T0.plusMillis(400)))).containsExactly("a2");
    assertThat(texts(displays.stopped("a", T0.plusMillis(500)))).containsExactly("");
  }

  @Test
  void theStackIsBounded() {
    displays.started("a");
    for (int i = 0; i < 100; i++) {
      displays.request("a", "main", wall("n" + i), 60_000L, T0.plusMillis(200L * i));
    }
    int shown = 0;
    Instant t = T0.plusMillis(200L * 100);
    for (int i = 0; i < 200 && displays.nextDue() != null; i++) {
      t = displays.nextDue();
      shown += displays.tick(t).size();
    }
    assertThat(shown).isLessThanOrEqualTo(ViewStack.MAX_ENTRIES);
  }

  private static ObjectNode wall(String text) {
    return Json.object().put("layoutType", "text_wall").put("text", text);
  }

  private static List<String> texts(List<DisplayManager.Shown> shown) {
    return shown.stream().map(s -> s.layout().path("text").asText()).toList();
  }
}
