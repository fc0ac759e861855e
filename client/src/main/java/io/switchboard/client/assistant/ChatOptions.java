package io.switchboard.client.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The optional parts of a {@code chat}: start from {@link #defaults()} and use the {@code with}
 * methods.
 *
 * @param perspective steers the answer; null: the server's default, {@code mix_engineering}
 * @param dawContext the seed's {@code daw_context} ({@code tracks}, {@code selected_track}); may be null
 * @param onDelta when set, the answer is streamed: each {@code chat_delta} piece is passed here, in
 *     order, on the client's ordered callback thread
 * @param timeout how long to wait for the {@code chat_response}; null:
 *     {@link AssistantOptions#requestTimeout()}
 */
public record ChatOptions(String perspective, JsonNode dawContext, Consumer<String> onDelta, Duration timeout) {
  private static final ChatOptions DEFAULTS = new ChatOptions(null, null, null, null);

  public ChatOptions {
    if (perspective != null && (perspective.isEmpty() || perspective.length() > 64)) {
      throw new IllegalArgumentException("perspective must be 1 to 64 characters");
    }
    if (dawContext != null && !dawContext.isObject() && !dawContext.isNull()) {
      throw new IllegalArgumentException("dawContext must be a JSON object");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static ChatOptions defaults() {
    return DEFAULTS;
  }

  public ChatOptions withPerspective(String p) {
    return new ChatOptions(p, dawContext, onDelta, timeout);
  }

  public ChatOptions withDawContext(JsonNode context) {
    return new ChatOptions(perspective, context, onDelta, timeout);
  }

  /** Streams the answer (see {@link AssistantClient#chat(String, ChatOptions)}). */
  public ChatOptions withStreaming(Consumer<String> listener) {
    return new ChatOptions(perspective, dawContext, listener, timeout);
  }

  public ChatOptions withTimeout(Duration t) {
    return new ChatOptions(perspective, dawContext, onDelta, t);
  }
}
