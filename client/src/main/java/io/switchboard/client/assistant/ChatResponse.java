package io.switchboard.client.assistant;

import java.util.List;

/**
 * A successful {@code chat_response}. (A failed one, {@code status:"error"}, fails the future with
 * {@link io.switchboard.client.ServerErrorException} carrying its code instead.)
 *
 * @param requestId the {@code request_id} the client gave the chat
 * @param response the answer's text
 * @param perspective the perspective it was answered from
 * @param confidence how well the knowledge base covered the question, 0 to 1
 * @param context the knowledge-base passages the answer drew on, best first
 * @param usage the engine's token counts; null when the server sent none
 * @param timestamp the server's ISO-8601 time stamp
 */
public record ChatResponse(String requestId, String response, String perspective, double confidence,
    List<Passage> context, Usage usage, String timestamp) {
  public ChatResponse {
    context = context == null ? List.of() : List.copyOf(context);
  }

  /** One passage of {@code context}. */
  public record Passage(String title, String source, String text, double score) {}

  /** Token counts ({@code usage}). */
  public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
