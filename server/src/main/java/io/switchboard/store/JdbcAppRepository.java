package io.switchboard.store;

import io.switchboard.profile.glasses.App;
import io.switchboard.profile.glasses.AppRepository;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Third-party apps of the glasses profile in the relational store. */
public final class JdbcAppRepository implements AppRepository {
  /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database db;

  public JdbcAppRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<App> create(App a) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO apps (package_name, public_url, api_key_hash, "
          + "system_app, allowed_addresses, created_at, updated_at) VALUES (?,?,?,?,?,?,?)")) {
        ps.setString(1, a.packageName());
        ps.setString(2, a.publicUrl());
        ps.setString(3, a.apiKeyHash());
        ps.setBoolean(4, a.systemApp());
        ps.setString(5, String.join(",", a.allowedAddresses()));
        Sql.time(ps, 6, a.createdAt());
        Sql.time(ps, 7, a.updatedAt());
        ps.executeUpdate();
        return a;
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return null;
        }
        throw e;
      }
    });
  }

  @Override
  public Future<App> find(String packageName) {
    return one("SELECT * FROM apps WHERE package_name = ?", packageName);
  }

  @Override
  public Future<App> findByKeyHash(String apiKeyHash) {
    return one("SELECT * FROM apps WHERE api_key_hash = ?", apiKeyHash);
  }

  private Future<App> one(String sql, String value) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, value);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(rs) : null;
        }
      }
    });
  }

  @Override
  public Future<List<App>> list() {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM apps ORDER BY package_name");
          ResultSet rs = ps.executeQuery()) {
        List<App> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    });
  }

  @Override
  public Future<App> rotateKey(String packageName, String apiKeyHash, Instant at) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE apps SET api_key_hash = ?, updated_at = ? WHERE package_name = ?")) {
        ps.setString(1, apiKeyHash);
        Sql.time(ps, 2, at);
        ps.setString(3, packageName);
        if (ps.executeUpdate() == 0) {
          return null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM apps WHERE package_name = ?")) {
        ps.setString(1, packageName);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(rs) : null;
        }
      }
    });
  }

  @Override
  public Future<Boolean> delete(String packageName) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM apps WHERE package_name = ?")) {
        ps.setString(1, packageName);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static App read(ResultSet rs) throws SQLException {
    String allowed = rs.getString("allowed_addresses");
    List<String> addresses = allowed == null || allowed.isBlank() ? List.of() : Arrays.asList(allowed.split(","));
    return new App(rs.getString("package_name"), rs.getString("public_url"), rs.getString("api_key_hash"),
        rs.getBoolean("system_app"), addresses, Sql.time(rs, "created_at"), Sql.time(rs, "updated_at"));
  }
}
