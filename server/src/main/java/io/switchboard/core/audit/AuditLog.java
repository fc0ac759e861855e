package io.switchboard.core.audit;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The durable audit trail. {@link #record} never blocks: events are queued and written in batches
 * off the event loop. Queries see every event recorded before {@link #flush()} completed.
 */
public interface AuditLog {
  void record(AuditEvent event);

  /** Completes when every event recorded so far is written. */
  Future<Void> flush();

  Future<List<AuditEvent>> query(Query query);

  /** Filters (null: any) and paging, newest first. */
  record Query(String kind, String actor, String outcome, Instant since, int limit, long beforeId) {
    public static Query all(int limit) {
      return new Query(null, null, null, null, limit, Long.MAX_VALUE);
    }
  }
}
