package io.switchboard.client.glasses;

/**
 * The app's session ended: the client does not reconnect and is closed.
 *
 * @param reason {@code user_disabled} when the user stopped the app ({@code app_stopped}); the
 *     server's close reason when it closed the socket for good ({@code User session ended},
 *     {@code Replaced by a newer connection}); or the refusal code when a reconnect was refused
 *     ({@code NO_ACTIVE_SESSION}, {@code APP_NOT_STARTED})
 */
public record AppStopped(String reason) {}
