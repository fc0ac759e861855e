package io.switchboard.profile.devices;

import io.vertx.core.Future;
import java.util.List;

/** The durable device registry. */
public interface DeviceRepository {
  /**
   * Registers or updates a device for its owner, keeping its first-seen time, and returns the
   * stored device. An id that belongs to another user fails with {@link OwnedByAnother} (nothing is
   * changed then). A new device of an owner who already has {@code maxPerOwner} fails with
   * {@link LimitReached} (registrations of one owner at the same moment on several connections may
   * each pass the count once).
   */
  Future<Device> upsert(Device device, int maxPerOwner);

  /** The id is registered to another user, {@link #ownerId}. */
  final class OwnedByAnother extends RuntimeException {
    private final String ownerId;

    public OwnedByAnother(String ownerId) {
      super("registered to another user", null, false, false);
      this.ownerId = ownerId;
    }

    public String ownerId() {
      return ownerId;
    }
  }

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
