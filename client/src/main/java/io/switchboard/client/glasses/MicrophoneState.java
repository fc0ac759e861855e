package io.switchboard.client.glasses;

import java.util.List;

/**
 * {@code microphone_state_change}: what the connected apps need from the microphone.
 *
 * @param enabled whether any app needs the microphone
 * @param requiredData {@code "pcm"} when an app subscribed to audio, {@code "transcription"} when one
 *     subscribed to transcription or translation streams
 */
public record MicrophoneState(boolean enabled, List<String> requiredData) {
  public MicrophoneState {
    requiredData = List.copyOf(requiredData);
  }
}
