package io.switchboard.profile.glasses;

import io.switchboard.core.Hub;
import io.switchboard.core.auth.Principal;
import io.switchboard.core.conn.Connection;
import io.switchboard.protocol.CloseCodes;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The user sessions on this node, one per user. A session starts with the user's first glasses
 * connection, survives the glasses leaving for {@code glasses.session-grace-seconds} (a
 * reconnect within it finds the session, its apps and its display as they were), and ends when
 * the grace passes (checked by {@link #sweep} against the hub's clock). Which node holds a session
 * is recorded in the directory ({@link SessionOwners}), so app sockets on other nodes find it.
 */
final class UserSessions {
  private final Hub hub;
  private final GlassesSettings settings;
  private final SessionOwners owners;
  private final ConcurrentHashMap<String, UserSession> byId = new ConcurrentHashMap<>();
  private Consumer<UserSession> onEnd = s -> { };

  UserSessions(Hub hub, GlassesSettings settings, SessionOwners owners) {
    this.hub = hub;
    this.settings = settings;
    this.owners = owners;
  }

  /** What to do when a session ends (stop its apps); runs on the session's context. */
  void onEnd(Consumer<UserSession> action) {
    this.onEnd = action;
  }

  UserSession get(String id) {
    return byId.get(id);
  }

  Collection<UserSession> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  int size() {
    return byId.size();
  }

  /**
   * Attaches a glasses connection to its user's session (the live one, or a new one owned by the
   * connection's context) and calls {@code attached} on the session's context. An older glasses
   * connection of the same user is closed.
   */
  void attach(Principal user, Connection glasses, Consumer<UserSession> attached) {
    UserSession s = byId.computeIfAbsent(user.userId(), id -> new UserSession(user, glasses.context(),
        hub.clock().instant(), new DisplayManager(settings.displayInterval())));
    s.run(() -> {
      if (s.ended) {
        attach(user, glasses, attached);
        return;
      }
      if (glasses.isClosed()) {
        if (s.glasses == null && s.disconnectedAt == null) {
          s.disconnectedAt = hub.clock().instant();
        }
        return;
      }
      Connection previous = s.glasses;
      s.glasses = glasses;
      s.disconnectedAt = null;
      if (s.glassesDelivery != null) {
        s.glassesDelivery.cancel();
      }
      s.glassesDelivery = hub.broker().subscribe(UserSession.glassesTopic(s.id), Deliveries.to(glasses));
      owners.claim(s, glasses);
      if (previous != null && previous != glasses) {
        previous.close(CloseCodes.NORMAL, "Replaced by a newer glasses connection");
      }
      attached.accept(s);
    });
  }

  /** The glasses connection left; the session's grace starts. */
  void detach(UserSession s, Connection glasses) {
    s.run(() -> {
      if (s.glasses != glasses) {
        return;
      }
      s.glasses = null;
      if (s.glassesDelivery != null) {
        s.glassesDelivery.cancel();
        s.glassesDelivery = null;
      }
      s.disconnectedAt = hub.clock().instant();
    });
  }

  /** Ends every session whose glasses have been gone longer than the grace. */
  void sweep() {
    Instant now = hub.clock().instant();
    for (UserSession s : byId.values()) {
      Instant left = s.disconnectedAt;
      if (left != null && !now.isBefore(left.plus(settings.sessionGrace()))) {
        s.run(() -> {
          Instant since = s.disconnectedAt;
          if (!s.ended && s.glasses == null && since != null && !now.isBefore(since.plus(settings.sessionGrace()))) {
            end(s);
          }
        });
      }
    }
  }

  /** Ends every session now (shutdown). */
  void endAll() {
    byId.values().forEach(s -> s.run(() -> {
      if (!s.ended) {
        end(s);
      }
    }));
  }

  private void end(UserSession s) {
    s.ended = true;
    byId.remove(s.id, s);
    owners.release(s);
    onEnd.accept(s);
  }
}
