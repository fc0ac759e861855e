package io.switchboard.store;

import io.switchboard.profile.nexus.PublicKeyRepository;
import io.switchboard.profile.nexus.RegisteredKey;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Registered Ed25519 public keys in the relational store. */
public final class JdbcPublicKeyRepository implements PublicKeyRepository {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database db;

  public JdbcPublicKeyRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<RegisteredKey> add(RegisteredKey k) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO public_keys (key_id, user_id, public_key, teams, created_at) VALUES (?,?,?,?,?)")) {
        ps.setString(1, k.keyId());
        ps.setString(2, k.userId());
        ps.setString(3, k.publicKey());
        ps.setString(4, Sql.list(k.teams()));
        Sql.time(ps, 5, k.createdAt());
        ps.executeUpdate();
        return k;
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return null;
        }
        throw e;
      }
    });
  }

  @Override
  public Future<RegisteredKey> find(String publicKey) {
    return db.call(c -> Sql.one(c, "SELECT * FROM public_keys WHERE public_key = ?",
        JdbcPublicKeyRepository::read, publicKey));
  }

  @Override
  public Future<List<RegisteredKey>> list() {
    return db.call(c -> Sql.all(c, "SELECT * FROM public_keys ORDER BY created_at, key_id",
        JdbcPublicKeyRepository::read));
  }

  @Override
  public Future<Boolean> revoke(String keyId) {
    return db.call(c -> Sql.update(c, "DELETE FROM public_keys WHERE key_id = ?", keyId) > 0);
  }

  private static RegisteredKey read(ResultSet rs) throws SQLException {
    return new RegisteredKey(rs.getString("key_id"), rs.getString("user_id"), rs.getString("public_key"),
        Sql.list(rs.getString("teams")), Sql.time(rs, "created_at"));
  }
}
