package io.switchboard.profile.devices;

import java.time.Instant;

/** An automated caller of device commands, with the maturity level governance checks. */
public record Agent(String id, String name, Maturity maturity, Instant createdAt, Instant updatedAt) {}
