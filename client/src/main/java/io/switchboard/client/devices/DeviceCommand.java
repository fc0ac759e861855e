package io.switchboard.client.devices;

import com.fasterxml.jackson.databind.JsonNode;

/** A command the server sent: its id, name ({@code camera_snap}, ...) and parameters. */
public record DeviceCommand(String id, String command, JsonNode params, String timestamp) {}
