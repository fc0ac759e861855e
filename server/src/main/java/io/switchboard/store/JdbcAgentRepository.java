package io.switchboard.store;

import io.switchboard.profile.devices.Agent;
import io.switchboard.profile.devices.AgentRepository;
import io.switchboard.profile.devices.Maturity;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Agents in the relational store. */
public final class JdbcAgentRepository implements AgentRepository {
  private final Database db;

  public JdbcAgentRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<Agent> create(Agent a) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO agents (agent_id, name, maturity, created_at, updated_at) VALUES (?,?,?,?,?)")) {
        ps.setString(1, a.id());
        ps.setString(2, a.name());
        ps.setString(3, a.maturity().name());
        Sql.time(ps, 4, a.createdAt());
        Sql.time(ps, 5, a.updatedAt());
        ps.executeUpdate();
      }
      return a;
    });
  }

  @Override
  public Future<Agent> find(String agentId) {
    return db.call(c -> Sql.one(c, "SELECT * FROM agents WHERE agent_id = ?", JdbcAgentRepository::read, agentId));
  }

  @Override
  public Future<List<Agent>> list() {
    return db.call(c -> Sql.all(c, "SELECT * FROM agents ORDER BY created_at, agent_id", JdbcAgentRepository::read));
  }

  @Override
  public Future<Agent> setMaturity(String agentId, Maturity maturity, Instant at) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE agents SET maturity = ?, updated_at = ? WHERE agent_id = ?")) {
        ps.setString(1, maturity.name());
        Sql.time(ps, 2, at);
        ps.setString(3, agentId);
        if (ps.executeUpdate() == 0) {
          return null;
        }
      }
      return Sql.one(c, "SELECT * FROM agents WHERE agent_id = ?", JdbcAgentRepository::read, agentId);
    });
  }

  private static Agent read(ResultSet rs) throws SQLException {
    return new Agent(rs.getString("agent_id"), rs.getString("name"), Maturity.valueOf(rs.getString("maturity")),
        Sql.time(rs, "created_at"), Sql.time(rs, "updated_at"));
  }
}
