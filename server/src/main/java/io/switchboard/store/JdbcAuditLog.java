package io.switchboard.store;

import io.micrometer.core.instrument.Counter;
import io.switchboard.core.audit.AuditEvent;
import io.switchboard.core.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit trail in the relational store. {@link #record} puts the event on a bounded queue and
 * returns; one writer thread drains it in batches. A full queue drops the event, counts it and logs
 * it (the hub keeps serving rather than stall every connection behind a slow database). A batch
 * that cannot be written is retried, with a backoff up to 5 s, until the store answers again.
 */
public final class JdbcAuditLog implements AuditLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
  private static final String SELECT =
      "SELECT id, occurred_at, kind, profile, actor, ip, subject, outcome, detail, owner FROM audit_events";
  private static final String INSERT = "INSERT INTO audit_events "
      + "(occurred_at, kind, profile, actor, ip, subject, outcome, detail, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final long RETRY_CAP_MS = 5000;

  private final Database db;
  private final BlockingQueue<Object> queue;
  private final int batchSize;
  private final Counter dropped;
  private final Thread writer;
  private volatile boolean running = true;

  public JdbcAuditLog(Database db, int capacity, int batchSize, Counter dropped) {
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.dropped = dropped;
    this.writer = new Thread(this::drainLoop, "switchboard-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(AuditEvent event) {
    if (!queue.offer(event)) {
      dropped.increment();
      LOG.error("audit queue full, event dropped: {} {} {}", event.kind(), event.outcome(), event.subject());
    }
  }

  @Override
  public Future<Void> flush() {
    Promise<Void> marker = Promise.promise();
    try {
      if (!queue.offer(marker, 5, TimeUnit.SECONDS)) {
        return Future.failedFuture("audit queue full");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
    return marker.future();
  }

  @Override
  public Future<List<Row>> page(Query q) {
    return db.call(c -> select(c, q));
  }

  private void drainLoop() {
    List<Object> batch = new ArrayList<>(batchSize);
    while (running || !queue.isEmpty()) {
      try {
        Object first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void write(List<Object> batch) {
    List<AuditEvent> events = new ArrayList<>(batch.size());
    for (Object o : batch) {
      if (o instanceof AuditEvent e) {
        events.add(e);
      }
    }
    if (!events.isEmpty()) {
      writeWithRetry(events);
    }
    for (Object o : batch) {
      if (o instanceof Promise<?> p) {
        ((Promise<Void>) p).tryComplete();
      }
    }
  }

  private void writeWithRetry(List<AuditEvent> events) {
    for (int attempt = 1; ; attempt++) {
      try {
        db.runOnStoreThread(c -> insert(c, events));
        if (attempt > 1) {
          LOG.info("audit batch of {} written after {} attempts", events.size(), attempt);
        }
        return;
      } catch (SQLException | RuntimeException e) {
        // The store is away: keep the batch and retry while the node runs. New events wait in the
        // bounded queue meanwhile (and are dropped, and counted, only when it is full).
        if (!running) {
          dropped.increment(events.size());
          LOG.error("audit batch of {} lost at shutdown after {} attempts", events.size(), attempt, e);
          return;
        }
        LOG.warn("audit batch write failed (attempt {}), retrying: {}", attempt, e.toString());
        try {
          Thread.sleep(Math.min(RETRY_CAP_MS, 200L * attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }


  private static Void insert(Connection c, List<AuditEvent> events) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AuditEvent e : events) {
        ps.setObject(1, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
        ps.setString(2, e.kind());
        ps.setString(3, e.profile());
        ps.setString(4, e.actor());
        ps.setString(5, e.ip());
        ps.setString(6, e.subject());
        ps.setString(7, e.outcome());
        ps.setString(8, e.detail() == null ? null : truncate(e.detail(), 2000));
        ps.setString(9, e.owner());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return null;
  }

  private static List<Row> select(Connection c, Query q) throws SQLException {
    StringBuilder filters = new StringBuilder();
    List<Object> filterArgs = new ArrayList<>();
    if (q.kind() != null) {
      filters.append(" AND kind = ?");
      filterArgs.add(q.kind());
    }
    if (q.outcome() != null) {
      filters.append(" AND outcome = ?");
      filterArgs.add(q.outcome());
    }
    if (q.subject() != null) {
      filters.append(" AND subject = ?");
      filterArgs.add(q.subject());
    }
    if (q.since() != null) {
      filters.append(" AND occurred_at >= ?");
      filterArgs.add(OffsetDateTime.ofInstant(q.since(), ZoneOffset.UTC));
    }
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    if (q.actor() != null && q.orOwner()) {
      // Two selects, each on its own index, rather than one OR that H2 answers with a scan; a row's
      // owner is only ever set when it is not its actor, so none comes twice.
      for (String column : List.of("actor", "owner")) {
        sql.append(sql.length() == 0 ? "" : " UNION ALL ").append(SELECT).append(" WHERE id < ? AND ").append(column)
            .append(" = ?").append(filters);
        args.add(q.beforeId());
        args.add(q.actor());
        args.addAll(filterArgs);
      }
    } else {
      sql.append(SELECT).append(" WHERE id < ?");
      args.add(q.beforeId());
      if (q.actor() != null) {
        sql.append(" AND actor = ?");
        args.add(q.actor());
      }
      sql.append(filters);
      args.addAll(filterArgs);
    }
    sql.append(" ORDER BY id DESC");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      ps.setMaxRows(Math.max(1, Math.min(q.limit(), 1000)));
      List<Row> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
          out.add(new Row(rs.getLong(1), new AuditEvent(at.toInstant(), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))));
        }
      }
      return out;
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
