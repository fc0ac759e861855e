package io.switchboard.client.pairing;

import java.time.Instant;

/** A pairing code from {@code POST /api/generate-pair-code}: show {@code code} to the user. */
public record PairCode(String code, String channelId, Instant expiresAt) {}
