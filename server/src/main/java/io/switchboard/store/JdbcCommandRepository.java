package io.switchboard.store;

import io.switchboard.profile.devices.Command;
import io.switchboard.profile.devices.CommandRepository;
import io.switchboard.profile.devices.CommandStatus;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Commands and their transitions in the relational store; each change is one transaction. */
public final class JdbcCommandRepository implements CommandRepository {
  /** The sweep's reads; both go by the index on (status, updated_at), not through the whole table. */
  static final String QUEUED_DUE = "SELECT * FROM commands WHERE status='QUEUED' AND expires_at <= ? "
      + "ORDER BY created_at";
  static final String SENT_BEFORE = "SELECT * FROM commands WHERE status='SENT' AND updated_at <= ?";

  private final Database db;

  public JdbcCommandRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<Void> insert(Command cmd) {
    return db.call(c -> inTransaction(c, () -> {
      insertRow(c, cmd);
      return null;
    }));
  }

  @Override
  public Future<Command> insertSent(Command queued, Instant sentAt) {
    return db.call(c -> inTransaction(c, () -> {
      insertRow(c, queued);
      Command sent = queued.withStatus(CommandStatus.SENT, sentAt);
      if (!update(c, sent, "'" + CommandStatus.QUEUED.name() + "'")) {
        throw new SQLException("command " + sent.id() + " was not QUEUED right after its insert");
      }
      addTransition(c, sent.id(), CommandStatus.SENT, sentAt, null);
      return select(c, sent.id());
    }));
  }

  @Override
  public Future<Command> transition(Command u, List<CommandStatus> from, String note) {
    String in = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
    return db.call(c -> inTransaction(c, () -> {
      if (!update(c, u, in)) {
        return null;
      }
      addTransition(c, u.id(), u.status(), u.updatedAt(), note);
      return select(c, u.id());
    }));
  }

  @Override
  public Future<Recorded> recordResult(String id, String deviceId, boolean success, String result, String filePath,
      String error, Instant at) {
    return db.call(c -> inTransaction(c, () -> {
      Command before = select(c, id);
      if (before == null || !before.deviceId().equals(deviceId)) {
        return null;
      }
      CommandStatus status = success ? CommandStatus.SUCCEEDED : CommandStatus.FAILED;
      Command done = before.withOutcome(status, at, success, result, filePath, error, false);
      if (update(c, done, "'" + CommandStatus.SENT.name() + "'")) {
        addTransition(c, id, status, at, null);
        return new Recorded(before, select(c, id));
      }
      return new Recorded(before, late(c, id, success, result, filePath, error, at));
    }));
  }

  @Override
  public Future<Command> find(String id) {
    return db.call(c -> select(c, id));
  }

  @Override
  public Future<Command> findByIdempotencyKey(String ownerId, String key, Instant since) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM commands WHERE owner_id=? AND idempotency_key=? "
          + "AND created_at >= ? ORDER BY created_at DESC")) {
        ps.setString(1, ownerId);
        ps.setString(2, key);
        Sql.time(ps, 3, since);
        ps.setMaxRows(1);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(rs) : null;
        }
      }
    });
  }

  @Override
  public Future<List<Command>> queued(String deviceId, String ownerId, Instant now) {
    return db.call(c -> list(c, "SELECT * FROM commands WHERE device_id=? AND owner_id=? AND status='QUEUED' "
        + "AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, command_id", deviceId, ownerId, now));
  }

  @Override
  public Future<List<Command>> expireQueued(Instant now) {
    return db.call(c -> inTransaction(c, () -> {
      List<Command> due = list(c, QUEUED_DUE, null, now);
      List<Command> out = new ArrayList<>();
      for (Command cmd : due) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE commands SET status='EXPIRED', updated_at=? WHERE command_id=? AND status='QUEUED'")) {
          Sql.time(ps, 1, now);
          ps.setString(2, cmd.id());
          if (ps.executeUpdate() == 1) {
            addTransition(c, cmd.id(), CommandStatus.EXPIRED, now, "queue TTL passed");
            out.add(cmd.withStatus(CommandStatus.EXPIRED, now));
          }
        }
      }
      return out;
    }));
  }

  @Override
  public Future<Integer> endInFlight(Instant sentBefore, Instant now, String note) {
    return db.call(c -> inTransaction(c, () -> {
      List<Command> sent = list(c, SENT_BEFORE, null, sentBefore);
      for (Command cmd : sent) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET status='TIMED_OUT', updated_at=?, "
            + "error=? WHERE command_id=? AND status='SENT'")) {
          Sql.time(ps, 1, now);
          ps.setString(2, note);
          ps.setString(3, cmd.id());
          ps.executeUpdate();
        }
        addTransition(c, cmd.id(), CommandStatus.TIMED_OUT, now, note);
      }
      return sent.size();
    }));
  }

  @Override
  public Future<List<Transition>> transitions(String commandId) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT status, at, note FROM command_transitions WHERE command_id=? ORDER BY id")) {
        ps.setString(1, commandId);
        List<Transition> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Transition(CommandStatus.valueOf(rs.getString(1)), Sql.time(rs, "at"), rs.getString(3)));
          }
        }
        return out;
      }
    });
  }

  private static List<Command> list(Connection c, String sql, String arg, Instant time) throws SQLException {
    return list(c, sql, arg, null, time);
  }

  private static List<Command> list(Connection c, String sql, String arg, String arg2, Instant time)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (arg != null) {
        ps.setString(i++, arg);
      }
      if (arg2 != null) {
        ps.setString(i++, arg2);
      }
      if (time != null) {
        Sql.time(ps, i, time);
      }
      List<Command> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  private static void insertRow(Connection c, Command cmd) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO commands (command_id, device_id, owner_id, agent_id, "
        + "command, params, status, idempotency_key, created_at, updated_at, expires_at, success, error, result) "
        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, cmd.id());
      ps.setString(2, cmd.deviceId());
      ps.setString(3, cmd.ownerId());
      ps.setString(4, cmd.agentId());
      ps.setString(5, cmd.command());
      ps.setString(6, cmd.params());
      ps.setString(7, cmd.status().name());
      ps.setString(8, cmd.idempotencyKey());
      Sql.time(ps, 9, cmd.createdAt());
      Sql.time(ps, 10, cmd.updatedAt());
      Sql.time(ps, 11, cmd.expiresAt());
      Sql.bool(ps, 12, cmd.success());
      ps.setString(13, cmd.error());
      ps.setString(14, cmd.result());
      ps.executeUpdate();
    }
    addTransition(c, cmd.id(), cmd.status(), cmd.createdAt(), null);
  }

  /** Stores {@code u}'s status and outcome if the row is in one of the quoted states {@code in}. */
  private static boolean update(Connection c, Command u, String in) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET status=?, updated_at=?, success=?, "
        + "result=?, file_path=?, error=? WHERE command_id=? AND status IN (" + in + ")")) {
      ps.setString(1, u.status().name());
      Sql.time(ps, 2, u.updatedAt());
      Sql.bool(ps, 3, u.success());
      ps.setString(4, u.result());
      ps.setString(5, u.filePath());
      ps.setString(6, u.error());
      ps.setString(7, u.id());
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * A result for a command that has ended without one (TIMED_OUT, UNDELIVERED, EXPIRED, CANCELED:
   * no success recorded): kept once, marked late; null when the command has a result already.
   */
  private static Command late(Connection c, String id, boolean success, String result, String filePath, String error,
      Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET success=?, result=?, file_path=?, error=?, "
        + "late_result=TRUE, updated_at=? WHERE command_id=? AND late_result=FALSE AND success IS NULL")) {
      ps.setBoolean(1, success);
      ps.setString(2, result);
      ps.setString(3, filePath);
      ps.setString(4, error);
      Sql.time(ps, 5, at);
      ps.setString(6, id);
      if (ps.executeUpdate() == 0) {
        return null;
      }
    }
    addTransition(c, id, success ? CommandStatus.SUCCEEDED : CommandStatus.FAILED, at, "late result");
    return select(c, id);
  }

  private static Command select(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM commands WHERE command_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static void addTransition(Connection c, String id, CommandStatus s, Instant at, String note)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO command_transitions (command_id, status, at, note) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, s.name());
      Sql.time(ps, 3, at);
      ps.setString(4, note);
      ps.executeUpdate();
    }
  }

  private static Command read(ResultSet rs) throws SQLException {
    return new Command(rs.getString("command_id"), rs.getString("device_id"), rs.getString("owner_id"),
        rs.getString("agent_id"), rs.getString("command"), rs.getString("params"),
        CommandStatus.valueOf(rs.getString("status")), rs.getString("idempotency_key"), Sql.time(rs, "created_at"),
        Sql.time(rs, "updated_at"), Sql.time(rs, "expires_at"), Sql.bool(rs, "success"), rs.getString("result"),
        rs.getString("file_path"), rs.getString("error"), rs.getBoolean("late_result"));
  }

  /** Work inside one transaction. */
  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T out = work.run();
      c.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
