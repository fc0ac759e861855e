package io.switchboard.profile.nexus;

import io.switchboard.core.auth.Principal;
import java.util.List;

/** Who authenticated on a nexus socket, and which teams' knowledge they may draw on (empty: any). */
record Identity(Principal principal, String keyId, List<String> teams) {
  boolean mayUse(String team) {
    return teams.isEmpty() || teams.contains(team);
  }
}
