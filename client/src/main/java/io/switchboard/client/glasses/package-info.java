/**
 * The glasses profile's clients (seed 003, wire-compatible with {@code @mentra/sdk} 2.1.x):
 * {@link io.switchboard.client.glasses.GlassesClient} plays the glasses (through their phone app) on
 * {@code /glasses-ws}; {@link io.switchboard.client.glasses.AppClient} is a third-party app written in
 * Java, connected on {@code /tpa-ws} for one user session; {@link io.switchboard.client.glasses.WebhookRequest}
 * reads the webhook calls an app server receives.
 */
package io.switchboard.client.glasses;
