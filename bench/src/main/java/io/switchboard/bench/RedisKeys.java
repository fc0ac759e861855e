package io.switchboard.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** Removes what a cluster target left in Redis: every key under the run's own prefix. */
final class RedisKeys {
  private RedisKeys() {}

  static void delete(String url, String prefix) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          redis.del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RuntimeException e) {
      System.err.println("removing the Redis keys under " + prefix + ": " + e);
    } finally {
      client.shutdown();
    }
  }
}
