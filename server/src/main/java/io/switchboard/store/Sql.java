package io.switchboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC conversions used by the repositories. */
final class Sql {
  private Sql() {}

  static void time(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  static Instant time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Boolean bool(ResultSet rs, String column) throws SQLException {
    boolean b = rs.getBoolean(column);
    return rs.wasNull() ? null : b;
  }

  /** A list of names as one comma-separated column (names never contain commas). */
  static String list(java.util.List<String> items) {
    return String.join(",", items);
  }

  static java.util.List<String> list(String column) {
    return column == null || column.isBlank() ? java.util.List.of()
        : java.util.Arrays.stream(column.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static void bool(PreparedStatement ps, int i, Boolean b) throws SQLException {
    if (b == null) {
      ps.setNull(i, Types.BOOLEAN);
    } else {
      ps.setBoolean(i, b);
    }
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The first row of a query with string parameters, or null. */
  static <T> T one(java.sql.Connection c, String sql, Row<T> row, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? row.read(rs) : null;
    }
  }

  /** Every row of a query with string parameters. */
  static <T> java.util.List<T> all(java.sql.Connection c, String sql, Row<T> row, String... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      java.util.List<T> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(row.read(rs));
      }
      return out;
    }
  }

  /** Runs an update with string parameters; returns the rows changed. */
  static int update(java.sql.Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(java.sql.Connection c, String sql, String... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setString(i + 1, params[i]);
    }
    return ps;
  }
}
