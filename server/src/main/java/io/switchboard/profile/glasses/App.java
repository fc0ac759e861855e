package io.switchboard.profile.glasses;

import java.time.Instant;
import java.util.List;

/**
 * A registered third-party app.
 *
 * @param packageName its unique name, such as {@code com.example.captions}
 * @param publicUrl where its app server listens; webhooks go to {@code publicUrl + "/webhook"}
 * @param apiKeyHash SHA-256 of its API key (the key itself is never stored)
 * @param systemApp whether it is a system app, whose key is accepted only from {@code allowedAddresses}
 * @param allowedAddresses IP addresses or CIDR ranges a system app may connect from
 */
public record App(String packageName, String publicUrl, String apiKeyHash, boolean systemApp,
    List<String> allowedAddresses, Instant createdAt, Instant updatedAt) {
  public App {
    allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
  }

  /** The app's webhook endpoint. */
  public String webhookUrl() {
    return publicUrl.endsWith("/") ? publicUrl + "webhook" : publicUrl + "/webhook";
  }
}
