/**
 * The pairing profile's client (seed 000): {@link io.switchboard.client.pairing.PairingClient} for a
 * desktop or a mobile, its options and the {@link io.switchboard.client.pairing.PairingEvent}s it
 * reports.
 */
package io.switchboard.client.pairing;
