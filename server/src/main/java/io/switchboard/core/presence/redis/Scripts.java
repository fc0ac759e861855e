package io.switchboard.core.presence.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.core.redis.LuaScript;
import io.vertx.core.Future;

/**
 * The directory's Lua scripts, run by SHA1 ({@code EVALSHA}) and sent in full only when Redis does
 * not know them yet (first use, or after a restart or {@code SCRIPT FLUSH}).
 */
final class Scripts {
  static final LuaScript REGISTER = LuaScript.load(Scripts.class, "register.lua");
  static final LuaScript UNREGISTER = LuaScript.load(Scripts.class, "unregister.lua");
  static final LuaScript BY_USER = LuaScript.load(Scripts.class, "by-user.lua");
  static final LuaScript BIND = LuaScript.load(Scripts.class, "bind.lua");
  static final LuaScript UNBIND = LuaScript.load(Scripts.class, "unbind.lua");
  static final LuaScript REMOVE_NODE = LuaScript.load(Scripts.class, "remove-node.lua");

  private final StatefulRedisConnection<String, String> connection;

  Scripts(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  Future<Long> integer(LuaScript script, String... args) {
    return script.run(connection, ScriptOutputType.INTEGER, args);
  }

  <T> Future<T> multi(LuaScript script, String... args) {
    return script.run(connection, ScriptOutputType.MULTI, args);
  }
}
