package io.switchboard.bench.jmh;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.auth.Credentials;
import io.switchboard.core.auth.Principal;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A REST request's user JWT check, as {@code Credentials.verifyUser} makes it: {@code full} with
 * {@code auth.jwt.cache-size=0} (Base64, JSON, HMAC, claims on every use), {@code remembered} with
 * the default, where a token seen before is answered after its time claims are checked again. Both
 * verify the same HS256 token of the server's own shape; run with {@code -prof gc} for allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
public class UserTokenBenchmark {
  private Vertx vertx;
  private Path dataDir;
  private Credentials full;
  private Credentials remembered;
  private String token;

  @Setup(Level.Trial)
  public void credentials() throws IOException {
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("switchboard-jmh-jwt");
    Config base = Config.defaults().with(Map.of(Keys.DATA_DIR, dataDir.toString()));
    full = Credentials.create(vertx, base.with(Map.of(Keys.JWT_CACHE_SIZE, "0")), Clock.systemUTC());
    remembered = Credentials.create(vertx, base, Clock.systemUTC());
    token = full.mintUserToken("user-4711", Duration.ofHours(1));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    vertx.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Principal full() {
    return full.verifyUser(token).result();
  }

  @Benchmark
  public Principal remembered() {
    return remembered.verifyUser(token).result();
  }
}
