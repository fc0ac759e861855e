package io.switchboard.client;

import java.time.Duration;

/**
 * One transition of a socket's {@link ConnectionState}.
 *
 * @param previous the state before
 * @param current the state now
 * @param attempt the retry number: 0 for the first attempt after {@code connect()} or after a
 *     successful connection, then 1, 2, ... for each retry
 * @param delay for {@link ConnectionState#RECONNECTING}, how long until the next attempt; else null
 * @param cause why the connection failed or was lost, when it did; else null
 */
public record StateChange(ConnectionState previous, ConnectionState current, int attempt, Duration delay,
    Throwable cause) {}
