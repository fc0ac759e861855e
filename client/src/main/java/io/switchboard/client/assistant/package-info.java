/**
 * The assistant profile's client (seed 001): {@link io.switchboard.client.assistant.AssistantClient}
 * for chat, status and track analysis, its {@link io.switchboard.client.assistant.AssistantOptions}
 * and the replies it returns.
 */
package io.switchboard.client.assistant;
