/**
 * The nexus profile's client (seed 002): {@link io.switchboard.client.nexus.NexusClient}, which
 * authenticates on every connection (API key or Ed25519 challenge) and asks questions, its
 * {@link io.switchboard.client.nexus.NexusOptions} and the messages it exchanges.
 */
package io.switchboard.client.nexus;
