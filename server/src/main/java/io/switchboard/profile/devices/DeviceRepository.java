package io.switchboard.profile.devices;

import io.vertx.core.Future;
import java.util.List;

/** The durable device registry. */
public interface DeviceRepository {
  /**
   * Registers or updates a device for its owner, keeping its first-seen time. Returns the stored
   * device, or null when the id belongs to another user (nothing is changed then).
   */
  Future<Device> upsert(Device device);

  Future<Device> find(String deviceId);

  Future<List<Device>> byOwner(String ownerId);

  Future<Void> touch(String deviceId, java.time.Instant lastSeen);
}
