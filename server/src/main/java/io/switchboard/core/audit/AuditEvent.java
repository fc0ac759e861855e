package io.switchboard.core.audit;

import java.time.Instant;

/**
 * One audited fact: who did what to what, and how it ended. No secret is ever put here.
 *
 * @param kind what happened, such as {@code pairing.attempt} or {@code auth.failure}
 * @param actor the user id, or null when unknown
 * @param subject what it was done to (a channel, a device), or null
 * @param outcome {@code success}, {@code failure}, {@code denied}, ...
 * @param detail a short machine-readable reason (an error code) or note
 * @param owner the user the fact concerns when that is not the actor (the owner of a device another
 *     user tried to take), else null
 */
public record AuditEvent(Instant at, String kind, String profile, String actor, String ip, String subject,
    String outcome, String detail, String owner) {
  public AuditEvent(Instant at, String kind, String profile, String actor, String ip, String subject, String outcome,
      String detail) {
    this(at, kind, profile, actor, ip, subject, outcome, detail, null);
  }
}
