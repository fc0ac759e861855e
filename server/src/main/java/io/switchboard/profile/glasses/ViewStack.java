package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The layouts apps have put on one view, oldest first. A layout without a duration replaces the
 * same app's earlier ones; a layout with a duration sits on top until it expires, and then what
 * was under it shows again. What the glasses show is the foreground app's newest layout, or,
 * when the foreground app has none, the newest of any app. Bounded; not thread-safe (one session
 * owns it).
 */
final class ViewStack {
  static final int MAX_ENTRIES = 16;

  /** One app's layout on this view; {@code expiresAt} null means it stays until replaced. */
  record Entry(String packageName, ObjectNode layout, Instant expiresAt) {}

  private final List<Entry> entries = new ArrayList<>();
  private Entry shown;

  void push(Entry e) {
    if (e.expiresAt() == null) {
      entries.removeIf(x -> x.packageName().equals(e.packageName()) && x.expiresAt() == null);
    }
    entries.add(e);
    if (entries.size() > MAX_ENTRIES) {
      entries.remove(0);
    }
  }

  void expire(Instant now) {
    entries.removeIf(x -> x.expiresAt() != null && !x.expiresAt().isAfter(now));
  }

  void removeApp(String packageName) {
    entries.removeIf(x -> x.packageName().equals(packageName));
  }

  /** The earliest expiry on this view, or null. */
  Instant nextExpiry() {
    Instant next = null;
    for (Entry e : entries) {
      if (e.expiresAt() != null && (next == null || e.expiresAt().isBefore(next))) {
        next = e.expiresAt();
      }
    }
    return next;
  }

  /** Brings the shown entry up to date; true when it changed (null means the view is now empty). */
  boolean refresh(String foreground) {
    Entry next = choose(foreground);
    if (next == shown) {
      return false;
    }
    shown = next;
    return true;
  }

  /** What the glasses show on this view, or null. */
  Entry shown() {
    return shown;
  }

  private Entry choose(String foreground) {
    for (int i = entries.size() - 1; i >= 0 && foreground != null; i--) {
      if (entries.get(i).packageName().equals(foreground)) {
        return entries.get(i);
      }
    }
    return entries.isEmpty() ? null : entries.get(entries.size() - 1);
  }
}
