package io.switchboard.client.glasses;

import java.util.List;

/**
 * The user session the glasses are attached to, as {@code connection_ack} and {@code app_state_change}
 * describe it. There is one per user; it survives a glasses reconnect within the server's grace
 * ({@code glasses.session-grace-seconds}, 60 s), keeping its id and its running apps.
 *
 * @param sessionId the user session id (the user id)
 * @param userId the user
 * @param startTime when the session started (ISO-8601, as the server sent it)
 * @param activeApps packages whose app socket is connected
 * @param loadingApps packages started and not connected yet
 */
public record GlassesSession(String sessionId, String userId, String startTime, List<String> activeApps,
    List<String> loadingApps) {
  public GlassesSession {
    activeApps = List.copyOf(activeApps);
    loadingApps = List.copyOf(loadingApps);
  }
}
