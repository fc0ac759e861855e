package io.switchboard.store;

import io.switchboard.profile.nexus.ServiceKey;
import io.switchboard.profile.nexus.ServiceKeyRepository;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Service API key hashes in the relational store. */
public final class JdbcServiceKeyRepository implements ServiceKeyRepository {
  private final Database db;

  public JdbcServiceKeyRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<ServiceKey> create(ServiceKey k) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO service_keys (key_id, user_id, key_hash, name, teams, created_at) VALUES (?,?,?,?,?,?)")) {
        ps.setString(1, k.keyId());
        ps.setString(2, k.userId());
        ps.setString(3, k.keyHash());
        ps.setString(4, k.name());
        ps.setString(5, Sql.list(k.teams()));
        Sql.time(ps, 6, k.createdAt());
        ps.executeUpdate();
      }
      return k;
    });
  }

  @Override
  public Future<ServiceKey> findByHash(String keyHash) {
    return db.call(c -> Sql.one(c, "SELECT * FROM service_keys WHERE key_hash = ?",
        JdbcServiceKeyRepository::read, keyHash));
  }

  @Override
  public Future<List<ServiceKey>> list() {
    return db.call(c -> Sql.all(c, "SELECT * FROM service_keys ORDER BY created_at, key_id",
        JdbcServiceKeyRepository::read));
  }

  @Override
  public Future<Boolean> revoke(String keyId) {
    return db.call(c -> Sql.update(c, "DELETE FROM service_keys WHERE key_id = ?", keyId) > 0);
  }

  private static ServiceKey read(ResultSet rs) throws SQLException {
    return new ServiceKey(rs.getString("key_id"), rs.getString("user_id"), rs.getString("key_hash"),
        rs.getString("name"), Sql.list(rs.getString("teams")), Sql.time(rs, "created_at"));
  }
}
