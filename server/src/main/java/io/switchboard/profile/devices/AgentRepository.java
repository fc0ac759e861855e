package io.switchboard.profile.devices;

import io.vertx.core.Future;
import java.util.List;

/** The durable agent registry. */
public interface AgentRepository {
  Future<Agent> create(Agent agent);

  Future<Agent> find(String agentId);

  Future<List<Agent>> list();

  /** Returns the updated agent, or null if there is none with this id. */
  Future<Agent> setMaturity(String agentId, Maturity maturity, java.time.Instant at);
}
