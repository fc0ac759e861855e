package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A target server the generator started as a child process. It is ready when its port accepts
 * connections; its output goes to a log file; it is stopped when the run ends (and, for the JVM
 * targets, when the generator's process ends, since they exit when their standard input closes).
 */
final class TargetProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 300_000;

  private final Process process;
  private final Path log;

  private TargetProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The command that runs {@link TargetMain} in a child JVM on this JVM's class path. */
  static List<String> javaCommand(String jvmOpts, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(jvmOpts.trim().split("\\s+")));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TargetMain.class.getName());
    cmd.add("--watch-stdin");
    cmd.addAll(args);
    return cmd;
  }

  /** Starts the command and waits until every one of its ports accepts connections. */
  static TargetProcess start(String name, List<String> command, List<Integer> ports, Path workDir) {
    int port = ports.get(0);
    Path log = workDir.resolve(name + "-" + port + ".log");
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
    TargetProcess t = new TargetProcess(p, log);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!ports.stream().allMatch(TargetProcess::accepts)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        t.close();
        throw new IllegalStateException(name + " did not start on port(s) " + ports + "; its output (" + log + "):\n"
            + t.tail());
      }
      sleep(100);
    }
    return t;
  }

  long pid() {
    return process.pid();
  }

  /** The file the process's output goes to. */
  Path log() {
    return log;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
