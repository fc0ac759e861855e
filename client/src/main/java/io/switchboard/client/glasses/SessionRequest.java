package io.switchboard.client.glasses;

import java.net.URI;

/**
 * {@code session_request}: start the app in a user session by connecting an {@link AppClient}
 * ({@link AppOptions#builder(SessionRequest, String, String)}).
 *
 * @param sessionId the app session id, {@code <userSessionId>-<packageName>}
 * @param userId the user
 * @param webSocketUrl where the app connects ({@code mentraOSWebsocketUrl}, else {@code augmentOSWebsocketUrl})
 * @param timestamp when the hub sent it (ISO-8601); null when absent
 */
public record SessionRequest(String sessionId, String userId, URI webSocketUrl, String timestamp)
    implements WebhookRequest {}
