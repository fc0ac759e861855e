package io.switchboard.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How the socket presents a credential at the WebSocket upgrade, and where it gets it.
 *
 * <p>The token supplier is called before every connection attempt, so a fresh token can be fetched
 * for each reconnect (a WS token that expired while the device was offline is simply replaced). It
 * is called on a callback thread, never on an event loop, and may block; its stage may complete on
 * any thread. A failed stage counts as a failed attempt and is retried with backoff. Tokens are
 * never logged.
 *
 * @param placement where the token goes
 * @param name the query parameter or header name (unused for subprotocols)
 * @param prefix put before the token: {@code "Bearer "} for the Authorization header,
 *     {@code "Bearer."} for the pairing profile's subprotocol
 * @param token supplies the token for the next attempt
 */
public record Credentials(Placement placement, String name, String prefix,
    Supplier<? extends CompletionStage<String>> token) {

  /** Where the credential travels. */
  public enum Placement { NONE, QUERY, HEADER, SUBPROTOCOL }

  public Credentials {
    Objects.requireNonNull(placement, "placement");
    prefix = prefix == null ? "" : prefix;
    if (placement != Placement.NONE) {
      Objects.requireNonNull(token, "token supplier");
    }
    if ((placement == Placement.QUERY || placement == Placement.HEADER) && (name == null || name.isBlank())) {
      throw new IllegalArgumentException("a query parameter or header name is required");
    }
  }

  public static Credentials none() {
    return new Credentials(Placement.NONE, null, null, null);
  }

  /** {@code ?token=...} on the URL (the pairing profile's documented way). */
  public static Credentials queryToken(Supplier<? extends CompletionStage<String>> token) {
    return new Credentials(Placement.QUERY, "token", "", token);
  }

  /** {@code Authorization: Bearer ...}. */
  public static Credentials bearerHeader(Supplier<? extends CompletionStage<String>> token) {
    return new Credentials(Placement.HEADER, "Authorization", "Bearer ", token);
  }

  /** A header of its own, e.g. {@code x-api-key}. */
  public static Credentials header(String name, Supplier<? extends CompletionStage<String>> token) {
    return new Credentials(Placement.HEADER, name, "", token);
  }

  /** Offered as the WebSocket subprotocol {@code prefix + token}, e.g. {@code Bearer.<jwt>}. */
  public static Credentials subprotocol(String prefix, Supplier<? extends CompletionStage<String>> token) {
    return new Credentials(Placement.SUBPROTOCOL, null, prefix, token);
  }

  /** A supplier of a token that never changes. */
  public static Supplier<CompletionStage<String>> fixed(String token) {
    Objects.requireNonNull(token, "token");
    return () -> CompletableFuture.completedFuture(token);
  }

  @Override
  public String toString() {
    return "Credentials[" + placement + (name == null ? "" : " " + name) + "]";
  }
}
