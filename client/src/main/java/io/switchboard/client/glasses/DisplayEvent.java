package io.switchboard.client.glasses;

import java.time.Duration;

/**
 * {@code display_event} to the glasses: what a view shows now.
 *
 * @param view the view
 * @param packageName the app the layout is from; null when the view was cleared
 * @param layout the layout ({@code clear_view} when the view has nothing left to show)
 * @param duration the time left until the layout expires by itself; null when it stays
 * @param timestamp when (ISO-8601, the server's clock)
 */
public record DisplayEvent(View view, String packageName, Layout layout, Duration duration, String timestamp) {

  /** Whether the view was cleared. */
  public boolean isClear() {
    return Layout.CLEAR_VIEW.equals(layout.type());
  }
}
