package io.switchboard.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
