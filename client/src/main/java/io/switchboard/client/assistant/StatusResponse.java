package io.switchboard.client.assistant;

/**
 * A {@code status_response}.
 *
 * @param status {@code ok}
 * @param codetteAvailable whether the answering engine is available (the seed's field name)
 * @param engineType {@code switchboard.retrieval} or {@code openai:<model>}
 * @param memorySize messages this connection's conversation remembers now
 * @param activeConnections assistant connections open on the server node
 * @param timestamp the server's ISO-8601 time stamp
 */
public record StatusResponse(String status, boolean codetteAvailable, String engineType, int memorySize,
    int activeConnections, String timestamp) {}
