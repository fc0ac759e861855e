package io.switchboard.core.channel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A change to one key of a channel's state that travels with a relayed message.
 *
 * @param merge true merges the object's fields into the current object; false replaces the value
 */
public record StateChange(String key, JsonNode value, boolean merge) {}
