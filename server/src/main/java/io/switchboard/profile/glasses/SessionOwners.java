package io.switchboard.profile.glasses;

import io.switchboard.core.Hub;
import io.switchboard.core.conn.Connection;
import io.switchboard.core.presence.Directory;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds each user session, recorded in the directory as {@code glasses:<userSessionId>}
 * bound to the session's latest glasses connection. The binding is made when glasses attach and
 * removed when the session ends (or by node liveness when the node dies); a session started for the
 * same user on another node replaces it.
 */
final class SessionOwners {
  private static final Logger LOG = LoggerFactory.getLogger(SessionOwners.class);

  private final Hub hub;

  SessionOwners(Hub hub) {
    this.hub = hub;
  }

  static String name(String userSessionId) {
    return "glasses:" + userSessionId;
  }

  /** Records this node as the session's owner; runs on the session's context. */
  void claim(UserSession s, Connection glasses) {
    s.boundConnectionId = glasses.id();
    hub.directory().bind(name(s.id), new Directory.Entry(glasses.id(), s.user.userId(), GlassesProfile.NAME,
        hub.nodeId())).onFailure(e -> LOG.warn("could not record the owner of a glasses session: {}", e.toString()));
  }

  /** The session ended here; runs on the session's context. */
  void release(UserSession s) {
    if (s.boundConnectionId != null) {
      hub.directory().unbind(name(s.id), s.boundConnectionId)
          .onFailure(e -> LOG.warn("could not remove the owner of a glasses session: {}", e.toString()));
    }
  }

  /**
   * The URL of the other live node that holds a user session; null when no node does, this node is
   * named (its session is gone), or the owner is not live.
   */
  Future<String> remoteOwnerUrl(String userSessionId) {
    return hub.directory().lookup(name(userSessionId)).compose(owner ->
        owner == null || owner.nodeId().equals(hub.nodeId()) ? Future.succeededFuture(null)
            : hub.directory().nodeUrl(owner.nodeId()));
  }
}
