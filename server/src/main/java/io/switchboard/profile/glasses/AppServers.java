package io.switchboard.profile.glasses;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * App servers that announced themselves ({@code /api/tpa-server/register}): one registration per
 * package, the newest replacing older ones. Its webhook URL is where that package's webhooks go
 * from then on; its id lets the app server send heartbeats and ask for its sessions back after a
 * restart. Held in memory on this node.
 */
final class AppServers {
  /** One registration; {@code lastHeartbeat} moves with every heartbeat. */
  record Registration(String id, String packageName, String webhookUrl, List<String> serverUrls,
      Instant registeredAt, Instant lastHeartbeat) {}

  private final ConcurrentHashMap<String, Registration> byPackage = new ConcurrentHashMap<>();

  Registration register(String packageName, String webhookUrl, List<String> serverUrls, Instant now) {
    Registration r = new Registration(UUID.randomUUID().toString(), packageName, webhookUrl, List.copyOf(serverUrls),
        now, now);
    byPackage.put(packageName, r);
    return r;
  }

  /** The registration with this id after a heartbeat, or null when it is unknown or replaced. */
  Registration heartbeat(String id, Instant now) {
    Registration r = find(id);
    if (r == null) {
      return null;
    }
    Registration beat = new Registration(r.id(), r.packageName(), r.webhookUrl(), r.serverUrls(), r.registeredAt(), now);
    return byPackage.replace(r.packageName(), r, beat) ? beat : null;
  }

  Registration find(String id) {
    for (Registration r : byPackage.values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /** Where the package's webhooks go: its app server's registered URL, else {@code publicUrl/webhook}. */
  String webhookUrl(App app) {
    Registration r = byPackage.get(app.packageName());
    return r == null ? app.webhookUrl() : r.webhookUrl();
  }
}
