package io.switchboard.profile.devices;

import io.vertx.core.Future;
import java.util.List;

/** The durable device registry. */
public interface DeviceRepository {
  /**
   * Registers or updates a device for its owner, keeping its first-seen time. Returns the stored
   * device, or null when the id belongs to another user (nothing is changed then). A new device of
   * an owner who already has {@code maxPerOwner} fails with {@link LimitReached} (registrations
   * of one owner at the same moment on several connections may each pass the count once).
   */
  Future<Device> upsert(Device device, int maxPerOwner);

  /** The owner already has as many devices as allowed. */
  final class LimitReached extends RuntimeException {
    public LimitReached(int max) {
      super("already " + max + " devices", null, false, false);
    }
  }

  Future<Device> find(String deviceId);

  Future<List<Device>> byOwner(String ownerId);

  Future<Void> touch(String deviceId, java.time.Instant lastSeen);

  /** Removes the owner's device from the registry; false when the owner has no device of that id. */
  Future<Boolean> remove(String deviceId, String ownerId);
}
