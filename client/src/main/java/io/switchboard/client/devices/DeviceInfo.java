package io.switchboard.client.devices;

import java.util.List;

/** What a device says about itself in {@code register}. */
public record DeviceInfo(String name, String nodeType, String platform, String platformVersion, String architecture,
    List<String> capabilities) {
  public DeviceInfo {
    capabilities = List.copyOf(capabilities);
  }
}
