package io.switchboard.provider.openai;

/**
 * Where and how to reach an OpenAI-compatible server.
 *
 * @param baseUrl the API root, such as {@code https://api.openai.com/v1}; requests go to
 *     {@code <baseUrl>/chat/completions}
 * @param apiKey sent as {@code Authorization: Bearer}; empty for servers that need none
 * @param model the {@code model} of every request
 * @param systemPrompt the instructions every conversation starts with
 * @param maxTokens the {@code max_tokens} of every request
 */
public record OpenAiSettings(String baseUrl, String apiKey, String model, String systemPrompt, int maxTokens) {
  public OpenAiSettings {
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  String endpoint() {
    return baseUrl + "/chat/completions";
  }

  @Override
  public String toString() {
    return "OpenAiSettings[" + baseUrl + ", model=" + model + ", key " + (apiKey.isEmpty() ? "none" : "set") + "]";
  }
}
