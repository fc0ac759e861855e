package io.switchboard.profile.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** A validated REST command call. */
record CommandRequest(String ownerId, String ip, String deviceId, String agentId, CatalogEntry spec, ObjectNode params,
    String idempotencyKey, boolean queueIfOffline, Duration timeout) {

  /** The catalog entry (an alias kept short for call sites). */
  record CatalogEntry(String command, String capability) {}
}
