package io.switchboard.profile.glasses;

import io.switchboard.core.Hub;
import io.switchboard.core.broker.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * What the profile tells a user's glasses: every frame goes through the broker to the glasses
 * topic of the session, which the current glasses connection listens on. Call on the session's
 * context.
 */
final class GlassesOutbox {
  private final Hub hub;

  GlassesOutbox(Hub hub) {
    this.hub = hub;
  }

  void send(UserSession s, String frame) {
    hub.broker().publish(UserSession.glassesTopic(s.id), Delivery.text(frame, null));
  }

  /** {@code app_state_change} for one app, with the session's app lists as they are now. */
  void appState(UserSession s, String packageName, String status, String error) {
    send(s, GlassesFrames.appStateChange(s, packageName, status, error, hub.clock().instant()));
  }

  /**
   * Publishes the session's new routing table and, when what the apps need from the microphone
   * changed, tells the glasses with {@code microphone_state_change}.
   */
  void routesChanged(UserSession s) {
    s.rebuildRoutes();
    List<String> needed = microphoneData(s.routes());
    if (!needed.equals(s.microphoneData)) {
      s.microphoneData = needed;
      sendMicrophoneState(s);
    }
  }

  void sendMicrophoneState(UserSession s) {
    send(s, GlassesFrames.microphoneState(!s.microphoneData.isEmpty(), s.microphoneData, hub.clock().instant()));
  }

  private static List<String> microphoneData(RoutingTable t) {
    List<String> out = new ArrayList<>(2);
    if (!t.audioTopics().isEmpty()) {
      out.add("pcm");
    }
    if (t.wantsTranscription()) {
      out.add("transcription");
    }
    return out;
  }
}
