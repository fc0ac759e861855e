package io.switchboard.core.presence.redis;

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
 * The directory's Lua scripts, run by SHA1 ({@code EVALSHA}) and sent in full only when Redis does
 * not know them yet (first use, or after a restart or {@code SCRIPT FLUSH}).
 */
final class Scripts {
  record Script(String body, String sha) {}

  static final Script REGISTER = load("register.lua");
  static final Script UNREGISTER = load("unregister.lua");
  static final Script BY_USER = load("by-user.lua");
  static final Script BIND = load("bind.lua");
  static final Script UNBIND = load("unbind.lua");
  static final Script REMOVE_NODE = load("remove-node.lua");

  private static final String[] NO_KEYS = new String[0];

  private final StatefulRedisConnection<String, String> connection;

  Scripts(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  Future<Long> integer(Script script, String... args) {
    return run(script, ScriptOutputType.INTEGER, args);
  }

  <T> Future<T> multi(Script script, String... args) {
    return run(script, ScriptOutputType.MULTI, args);
  }

  private <T> Future<T> run(Script script, ScriptOutputType type, String... args) {
    RedisAsyncCommands<String, String> redis = connection.async();
    CompletionStage<T> stage = redis.<T>evalsha(script.sha(), type, NO_KEYS, args)
        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
            ? redis.<T>eval(script.body(), type, NO_KEYS, args)
            : CompletableFuture.failedStage(e));
    return RedisDirectory.fromStage(stage);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static Script load(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      byte[] sha = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return new Script(body, HexFormat.of().formatHex(sha));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
