package io.switchboard.profile.glasses;

import java.util.List;

/**
 * Where a user session's glasses events go: one route per connected app with its subscriptions.
 * Immutable; a session publishes a new table whenever an app connects, leaves or resubscribes, so
 * the glasses' handlers read it from any thread without a lock.
 */
record RoutingTable(List<Route> routes, List<String> audioTopics, boolean wantsTranscription) {
  static final RoutingTable EMPTY = new RoutingTable(List.of(), List.of(), false);

  /** One connected app: its session id, the broker topic its socket listens on, what it wants. */
  record Route(String appSessionId, String packageName, String topic, Subscriptions subscriptions) {}

  static RoutingTable of(List<Route> routes) {
    List<String> audio = routes.stream().filter(r -> r.subscriptions().wantsAudio()).map(Route::topic).toList();
    boolean text = routes.stream().anyMatch(r -> r.subscriptions().wantsTranscription());
    return new RoutingTable(List.copyOf(routes), audio, text);
  }

  /** Whether any app needs the microphone: audio itself, or speech as text. */
  boolean wantsMicrophone() {
    return !audioTopics.isEmpty() || wantsTranscription;
  }
}
