package io.switchboard.profile.devices;

import java.time.Instant;
import java.util.List;

/** A registered device node: its owner, what it says it is, and what it can do. */
public record Device(String id, String ownerId, String name, String nodeType, String platform,
    String platformVersion, String architecture, List<String> capabilities, Instant firstSeen, Instant lastSeen) {
  public Device {
    capabilities = List.copyOf(capabilities);
  }
}
