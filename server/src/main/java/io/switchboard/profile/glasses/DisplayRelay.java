package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each session's {@link DisplayManager} against the hub's clock and sends what it decides to
 * the glasses. Sessions with coalesced displays or expiring layouts wait, with the time their
 * manager is next due, in one map that a single periodic {@link #tick} walks: no timer per session.
 */
final class DisplayRelay {
  private final Clock clock;
  private final GlassesOutbox outbox;
  private final Map<UserSession, Instant> waiting = new ConcurrentHashMap<>();

  DisplayRelay(Clock clock, GlassesOutbox outbox) {
    this.clock = clock;
    this.outbox = outbox;
  }

  /** An app's display request; call on the session's context. */
  void request(UserSession s, String packageName, String view, ObjectNode layout, Long durationMs) {
    show(s, s.displays.request(packageName, view, layout, durationMs, clock.instant()));
  }

  void started(UserSession s, String packageName) {
    s.displays.started(packageName);
  }

  void stopped(UserSession s, String packageName) {
    show(s, s.displays.stopped(packageName, clock.instant()));
  }

  /** Sends what every view shows now (glasses that just (re)connected). */
  void replay(UserSession s) {
    s.displays.current(clock.instant()).forEach(shown ->
        outbox.send(s, GlassesFrames.displayEvent(shown, clock.instant())));
  }

  /** Lets every waiting session's display manager act on the time now. */
  void tick() {
    Instant now = clock.instant();
    waiting.forEach((s, due) -> {
      if (due.isAfter(now)) {
        return;
      }
      s.run(() -> {
        if (s.ended) {
          waiting.remove(s);
        } else {
          show(s, s.displays.tick(clock.instant()));
        }
      });
    });
  }

  void forget(UserSession s) {
    waiting.remove(s);
  }

  private void show(UserSession s, List<DisplayManager.Shown> changes) {
    for (DisplayManager.Shown shown : changes) {
      outbox.send(s, GlassesFrames.displayEvent(shown, clock.instant()));
    }
    Instant due = s.displays.nextDue();
    if (due == null) {
      waiting.remove(s);
    } else {
      waiting.put(s, due);
    }
  }
}
