package io.switchboard.core.redis;

import static io.switchboard.core.redis.Lettuce.fromStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script kept as a resource, run by SHA1 ({@code EVALSHA}) and sent in full only when Redis
 * does not know it yet (first use, or after a restart or {@code SCRIPT FLUSH}). The scripts take
 * no KEYS: they derive key names from a prefix argument, so they need a standalone Redis (or a
 * Redis Cluster with every key in one hash slot).
 */
public final class LuaScript {
  private static final String[] NO_KEYS = new String[0];

  private final String body;
  private final String sha;

  private LuaScript(String body) {
    this.body = body;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads the resource {@code name} next to {@code anchor}'s class file. */
  public static LuaScript load(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the script with no KEYS; the future completes on the caller's Vert.x context when there is one. */
  public <T> Future<T> run(StatefulRedisConnection<String, String> connection, ScriptOutputType type,
      String... args) {
    return fromStage(stage(connection, type, NO_KEYS, args));
  }

  /** Runs the script with the given KEYS. */
  public <T> CompletionStage<T> stage(StatefulRedisConnection<String, String> connection, ScriptOutputType type,
      String[] keys, String... args) {
    RedisAsyncCommands<String, String> redis = connection.async();
    return redis.<T>evalsha(sha, type, keys, args)
        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
            ? redis.<T>eval(body, type, keys, args)
            : CompletableFuture.failedStage(e));
  }


  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
