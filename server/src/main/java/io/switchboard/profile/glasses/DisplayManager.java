package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what one user's glasses show. Per app and view, at most one display is accepted every
 * {@code interval}; requests in between are coalesced (the newest wins) and accepted when the
 * interval has passed. The most recently started app is in the foreground and wins over the
 * others ({@link ViewStack}); {@code durationMs} expires a layout and restores the one under it.
 *
 * <p>Time comes only from the {@code now} each call is given, so a test drives it with its own
 * clock; {@link #tick} is called whenever {@link #nextDue()} has passed. Not thread-safe: the user
 * session owns it. Each call returns what to send to the glasses, in order.
 */
final class DisplayManager {
  /** A change on one view: the layout to show now (a clear view when nothing is left). */
  record Shown(String view, String packageName, ObjectNode layout, Long durationMs) {}

  private record Key(String packageName, String view) {}

  private record Pending(ObjectNode layout, Long durationMs, Instant dueAt) {}

  private static final class Throttle {
    Instant lastAt;
    Pending pending;
  }

  private final Duration interval;
  private final Map<String, ViewStack> views = new LinkedHashMap<>();
  private final Map<Key, Throttle> throttles = new HashMap<>();
  private final ArrayDeque<String> startOrder = new ArrayDeque<>();

  DisplayManager(Duration interval) {
    this.interval = interval;
  }

  /** An app was started: it is now the foreground app. */
  void started(String packageName) {
    startOrder.remove(packageName);
    startOrder.addLast(packageName);
  }

  /** An app stopped: its layouts and waiting displays go, and what was under them shows. */
  List<Shown> stopped(String packageName, Instant now) {
    startOrder.remove(packageName);
    throttles.keySet().removeIf(k -> k.packageName().equals(packageName));
    views.values().forEach(v -> v.removeApp(packageName));
    List<Shown> out = new ArrayList<>();
    refreshAll(now, out);
    return out;
  }

  List<Shown> request(String packageName, String view, ObjectNode layout, Long durationMs, Instant now) {
    List<Shown> out = tick(now);
    Throttle t = throttles.computeIfAbsent(new Key(packageName, view), k -> new Throttle());
    if (t.lastAt != null && now.isBefore(t.lastAt.plus(interval))) {
      t.pending = new Pending(layout, durationMs, t.lastAt.plus(interval));
      return out;
    }
    accept(packageName, view, layout, durationMs, now, t);
    refresh(view, now, out);
    return out;
  }

  /** Accepts coalesced displays whose interval has passed and expires layouts whose time is up. */
  List<Shown> tick(Instant now) {
    throttles.forEach((key, t) -> {
      if (t.pending != null && !t.pending.dueAt().isAfter(now)) {
        Pending p = t.pending;
        t.pending = null;
        accept(key.packageName(), key.view(), p.layout(), p.durationMs(), now, t);
      }
    });
    views.values().forEach(v -> v.expire(now));
    List<Shown> out = new ArrayList<>();
    refreshAll(now, out);
    return out;
  }

  /** When {@link #tick} next has work: a coalesced display or an expiry; null when none. */
  Instant nextDue() {
    Instant next = null;
    for (Throttle t : throttles.values()) {
      next = t.pending == null ? next : earlier(next, t.pending.dueAt());
    }
    for (ViewStack v : views.values()) {
      next = earlier(next, v.nextExpiry());
    }
    return next;
  }

  /** What every view shows now (for glasses that reconnect). */
  List<Shown> current(Instant now) {
    List<Shown> out = new ArrayList<>();
    views.forEach((name, v) -> {
      if (v.shown() != null) {
        out.add(shown(name, v.shown(), now));
      }
    });
    return out;
  }

  private void accept(String packageName, String view, ObjectNode layout, Long durationMs, Instant now, Throttle t) {
    t.lastAt = now;
    Instant expires = durationMs == null ? null : now.plusMillis(durationMs);
    views.computeIfAbsent(view, v -> new ViewStack()).push(new ViewStack.Entry(packageName, layout, expires));
  }

  private void refreshAll(Instant now, List<Shown> out) {
    views.keySet().forEach(name -> refresh(name, now, out));
  }

  private void refresh(String name, Instant now, List<Shown> out) {
    ViewStack v = views.get(name);
    if (v != null && v.refresh(startOrder.peekLast())) {
      out.add(v.shown() == null ? new Shown(name, null, Layouts.clear(), null) : shown(name, v.shown(), now));
    }
  }

  private static Shown shown(String view, ViewStack.Entry e, Instant now) {
    Long remaining = e.expiresAt() == null ? null : Math.max(0, Duration.between(now, e.expiresAt()).toMillis());
    return new Shown(view, e.packageName(), e.layout(), remaining);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }
}
