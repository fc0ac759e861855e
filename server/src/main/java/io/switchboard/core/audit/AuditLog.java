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

  /** Events matching the query, newest first. */
  default Future<List<AuditEvent>> query(Query query) {
    return page(query).map(rows -> rows.stream().map(Row::event).toList());
  }

  /** Like {@link #query} with each row's id, for paging with {@code beforeId}. */
  Future<List<Row>> page(Query query);

  /** A stored event and its id (ids grow with time). */
  record Row(long id, AuditEvent event) {}

  /**
   * Filters (null: any) and paging, newest first. With {@code orOwner}, {@code actor} matches rows
   * whose actor or whose owner it is.
   */
  record Query(String kind, String actor, String outcome, Instant since, int limit, long beforeId, String subject,
      boolean orOwner) {
    public Query(String kind, String actor, String outcome, Instant since, int limit, long beforeId) {
      this(kind, actor, outcome, since, limit, beforeId, null, false);
    }

    public Query(String kind, String actor, String outcome, Instant since, int limit, long beforeId, String subject) {
      this(kind, actor, outcome, since, limit, beforeId, subject, false);
    }

    public static Query all(int limit) {
      return new Query(null, null, null, null, limit, Long.MAX_VALUE, null, false);
    }
  }
}
