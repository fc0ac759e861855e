package io.switchboard.client.glasses;

/**
 * {@code app_state_change}: an app's status changed in the user session.
 *
 * @param packageName the app
 * @param status its status now
 * @param error why it failed, when it did; else null
 * @param session the user session after the change
 * @param timestamp when (ISO-8601, the server's clock)
 */
public record AppStateChange(String packageName, AppStatus status, String error, GlassesSession session,
    String timestamp) {}
