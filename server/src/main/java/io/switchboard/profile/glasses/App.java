package io.switchboard.profile.glasses;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

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
  private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

  public App {
    allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
  }

  /** Whether a package name is acceptable: letters, digits, {@code _ . -}, 1 to 255 characters. */
  public static boolean validPackageName(String name) {
    return name != null && PACKAGE.matcher(name).matches();
  }

  /** Whether a public URL is acceptable: absolute http or https with a host. */
  public static boolean validPublicUrl(String url) {
    try {
      URI u = URI.create(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /** The app's webhook endpoint. */
  public String webhookUrl() {
    return publicUrl.endsWith("/") ? publicUrl + "webhook" : publicUrl + "/webhook";
  }
}
