package io.switchboard.client.glasses;

/**
 * {@code stop_request}: the user stopped the app. The hub also closes the app's socket (after
 * {@code app_stopped}, which ends the {@link AppClient} by itself); close the client of this
 * session if it is still open.
 *
 * @param sessionId the app session id
 * @param userId the user
 * @param reason why, e.g. {@code user_disabled}
 * @param timestamp when the hub sent it (ISO-8601); null when absent
 */
public record StopRequest(String sessionId, String userId, String reason, String timestamp)
    implements WebhookRequest {}
