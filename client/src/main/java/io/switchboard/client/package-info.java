/**
 * The Switchboard Java client: {@link io.switchboard.client.SwitchboardSocket}, one reconnecting
 * WebSocket (credentials, backoff with jitter, bounded send queue, keepalive, request correlation)
 * under every profile facade, such as {@link io.switchboard.client.pairing.PairingClient}.
 *
 * <p>Every public method is thread-safe and non-blocking; callbacks run in order on the client's
 * callback executor, never on a Vert.x event loop. See {@code docs/java-client.md}.
 */
package io.switchboard.client;
