package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The durable store's connection pool and its workers. JDBC runs only here, on a bounded worker
 * pool (as many threads as pooled connections), never on an event loop; callers get Futures.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final WorkerExecutor workers;
  private final String product;

  private Database(HikariDataSource dataSource, WorkerExecutor workers, String product) {
    this.dataSource = dataSource;
    this.workers = workers;
    this.product = product;
  }

  /** Opens the pool and migrates the schema (blocking; call at startup, off the event loop). */
  public static Database open(Vertx vertx, Config config) {
    String url = config.string(Keys.STORE_URL);
    if (url.isBlank()) {
      Path dir = Path.of(config.string(Keys.DATA_DIR)).toAbsolutePath();
      url = "jdbc:h2:file:" + dir.resolve("switchboard") + ";AUTO_SERVER=TRUE";
    }
    int size = config.integer(Keys.STORE_POOL_SIZE);
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (!config.string(Keys.STORE_USER).isBlank()) {
      hc.setUsername(config.string(Keys.STORE_USER));
    }
    if (!config.string(Keys.STORE_PASSWORD).isBlank()) {
      hc.setPassword(config.string(Keys.STORE_PASSWORD));
    }
    hc.setMaximumPoolSize(size);
    hc.setPoolName("switchboard-store");
    hc.setConnectionTimeout(TimeUnit.SECONDS.toMillis(10));
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      String product;
      try (Connection c = ds.getConnection()) {
        product = c.getMetaData().getDatabaseProductName();
      }
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("switchboard-store", size);
      return new Database(ds, workers, product);
    } catch (RuntimeException | SQLException e) {
      ds.close();
      throw new IllegalStateException("cannot open the store at " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  /** Runs JDBC work on the store's workers. */
  public <T> Future<T> call(SqlWork<T> work) {
    return workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      }
    }, false);
  }

  /** Runs JDBC work on the calling thread, which must be one the store owns (the audit writer). */
  <T> T runOnStoreThread(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    }
  }

  /** Whether the database answers (for /health). */
  public Future<Boolean> ping() {
    return call(c -> c.isValid(2));
  }

  public String product() {
    return product;
  }

  @Override
  public void close() {
    workers.close();
    dataSource.close();
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  /** JDBC work that returns a value. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
