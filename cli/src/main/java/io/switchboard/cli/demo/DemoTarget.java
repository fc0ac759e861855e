package io.switchboard.cli.demo;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.auth.Credentials;
import io.switchboard.core.auth.SecretFile;
import io.switchboard.server.SwitchboardServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server the demo talks to: one it starts in-process (ephemeral ports on 127.0.0.1, a temporary
 * data directory unless one is given), or a running one at a URL. Either way the demo reaches it only
 * over the network; from an in-process server it takes nothing but the user token.
 */
public final class DemoTarget implements AutoCloseable {
  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  private final String baseUrl;
  private final String userToken;
  private final SwitchboardServer server;
  private final Path tempDir;

  private DemoTarget(String baseUrl, String userToken, SwitchboardServer server, Path tempDir) {
    this.baseUrl = baseUrl;
    this.userToken = userToken;
    this.server = server;
    this.tempDir = tempDir;
  }

  /**
   * Starts a server with {@code config}, on ephemeral ports and, when {@code ownDataDir} is false, in a
   * fresh temporary data directory that is deleted on close. Uses {@code token} when given, else mints
   * one for {@code subject} with the new server's secret.
   */
  public static DemoTarget embedded(Config config, boolean ownDataDir, String token, String subject) {
    Map<String, String> overrides = new HashMap<>(Map.of(Keys.HTTP_PORT, "0", Keys.PAIRING_PORT, "0",
        Keys.HTTP_HOST, "127.0.0.1", Keys.SHUTDOWN_GRACE, "1"));
    Path temp = null;
    if (!ownDataDir) {
      temp = createTempDir();
      overrides.put(Keys.DATA_DIR, temp.toString());
    }
    try {
      SwitchboardServer server = SwitchboardServer.start(config.with(overrides));
      String user = token != null ? token : server.credentials().mintUserToken(subject, TOKEN_TTL);
      return new DemoTarget("http://127.0.0.1:" + server.pairingPort(), user, server, temp);
    } catch (RuntimeException e) {
      delete(temp);
      throw e;
    }
  }

  /** A running server at {@code url} (its pairing listener, e.g. http://localhost:8089). */
  public static DemoTarget remote(String url, String token) {
    return new DemoTarget(url, token, null, null);
  }

  /**
   * A user token minted with the HS256 secret of {@code config}'s data directory (what
   * {@code switchboard token} does). Refuses when that directory holds no secret, rather than create
   * one the running server would not know.
   */
  public static String mintUserToken(Vertx vertx, Config config, String subject) {
    Path dataDir = Path.of(config.string(Keys.DATA_DIR));
    if (config.string(Keys.JWT_SECRET).isBlank() && !Files.exists(dataDir.resolve(SecretFile.NAME))) {
      throw new IllegalStateException("no server secret in " + dataDir.resolve(SecretFile.NAME)
          + "; pass --token JWT, or --data-dir DIR of the server that --url points at");
    }
    return Credentials.create(vertx, config, Clock.systemUTC()).mintUserToken(subject, TOKEN_TTL);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String userToken() {
    return userToken;
  }

  /** Stops the in-process server (if any) and deletes its temporary data directory. */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.err.println("demo: the in-process server did not stop cleanly: " + e);
    } finally {
      delete(tempDir);
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("switchboard-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data directory", e);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("demo: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
