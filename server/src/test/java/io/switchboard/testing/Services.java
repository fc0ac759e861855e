package io.switchboard.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The external services some tests need (PostgreSQL, Redis on their standard local ports). A test
 * that needs one and cannot reach it is skipped with a message naming what is missing.
 */
public final class Services {
  public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String PG_USER = "postgres";
  public static final String REDIS_URL = "redis://127.0.0.1:6379";

  private Services() {}

  public static void requirePostgres() {
    boolean up = reachable(5432);
    if (!up) {
      System.err.println("SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432 (database test); "
          + "start it to run the PostgreSQL tests");
    }
    assumeTrue(up, "PostgreSQL is not reachable at 127.0.0.1:5432 (database test)");
  }

  public static void requireRedis() {
    boolean up = reachable(6379);
    if (!up) {
      System.err.println("SKIPPED: Redis is not reachable at 127.0.0.1:6379; start it to run the cluster tests");
    }
    assumeTrue(up, "Redis is not reachable at 127.0.0.1:6379");
  }

  /** A key prefix no other test run uses, so runs sharing one Redis do not see each other. */
  public static String uniqueRedisPrefix() {
    return "sbtest:" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ":";
  }

  /** Deletes every key under a prefix (test data only; SCAN, so it never blocks Redis for long). */
  public static void deleteRedisKeys(RedisClient client, String prefix) {
    try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(REDIS_URL))) {
      ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
      KeyScanCursor<String> cursor = c.sync().scan(match);
      while (true) {
        if (!cursor.getKeys().isEmpty()) {
          c.sync().unlink(cursor.getKeys().toArray(new String[0]));
        }
        if (cursor.isFinished()) {
          return;
        }
        cursor = c.sync().scan(cursor, match);
      }
    }
  }

  /** Creates an empty schema for one test and returns a JDBC URL that uses it. */
  public static String freshPostgresSchema() throws SQLException {
    String schema = "sb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return PG_URL + "?currentSchema=" + schema;
  }

  private static boolean reachable(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
