package io.switchboard.core.limits.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.redis.LuaScript;
import java.util.concurrent.CompletionStage;

/**
 * The counters' Lua scripts, run by SHA1 ({@code EVALSHA}) and sent in full only when Redis does
 * not know them yet (first use, or after a restart or {@code SCRIPT FLUSH}). Unlike the directory's
 * scripts these name their one key in {@code KEYS}, so they also run on a Redis Cluster.
 */
final class Scripts {
  static final LuaScript INCREMENT = LuaScript.load(Scripts.class, "increment.lua");
  static final LuaScript DECREMENT = LuaScript.load(Scripts.class, "decrement.lua");

  private final StatefulRedisConnection<String, String> connection;

  Scripts(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  CompletionStage<Long> integer(LuaScript script, String key, String... args) {
    return script.stage(connection, ScriptOutputType.INTEGER, new String[] {key}, args);
  }
}
