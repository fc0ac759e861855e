package io.switchboard.client.glasses;

/**
 * The server closed a connection for good (e.g. 1000 {@code "Replaced by a newer glasses connection"}):
 * the client does not reconnect after it and is closed.
 *
 * @param code the WebSocket close code
 * @param reason the close reason (may be empty)
 */
public record ServerClose(int code, String reason) {}
