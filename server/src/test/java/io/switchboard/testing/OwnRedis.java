package io.switchboard.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A redis-server process of the test's own, on a free port, that the test can stop and start
 * again: with {@code persistent} it keeps an append-only file (fsync on every write) in its
 * directory, so a restart finds the data; without, a restart starts empty. Skips the test with a
 * message when the redis-server binary is not installed.
 */
public final class OwnRedis implements AutoCloseable {
  private final Path dir;
  private final boolean persistent;
  private final int port;
  private Process process;

  private OwnRedis(Path dir, boolean persistent, int port) {
    this.dir = dir;
    this.persistent = persistent;
    this.port = port;
  }

  public static OwnRedis start(Path dir, boolean persistent) throws IOException {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/redis-server"))
        || Files.isExecutable(Path.of("/usr/local/bin/redis-server"));
    if (!installed) {
      System.err.println("SKIPPED: redis-server is not installed; the Redis restart tests need their own Redis");
    }
    assumeTrue(installed, "redis-server is not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OwnRedis redis = new OwnRedis(Files.createDirectories(dir), persistent, port);
    redis.startProcess();
    return redis;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on the same port. */
  public void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
    if (persistent) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      cmd.addAll(List.of("--appendonly", "no"));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::answers);
  }

  /** Kills the server (SIGKILL: nothing is flushed beyond what the append-only file already has). */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() && !answers());
    }
  }

  private boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.getOutputStream().write("PING\r\n".getBytes());
      byte[] buf = new byte[7];
      int n = s.getInputStream().read(buf);
      return n > 0 && new String(buf, 0, n).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    kill();
  }
}
