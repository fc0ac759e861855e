package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic command sweep runs every few seconds for the life of the server, while the commands
 * table only grows: its reads must go by the status index to the few QUEUED and SENT commands, not
 * through every command ever sent (as they did before the index, on the embedded H2).
 */
class CommandSweepPlanTest {
  @TempDir
  Path dataDir;

  private Vertx vertx;
  private Database db;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    db = Database.open(vertx, Config.builder().set(Keys.DATA_DIR, dataDir.toString()).build());
  }

  @AfterEach
  void close() {
    db.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void bothSweepReadsGoByTheStatusIndex() throws SQLException {
    assertThat(plan(JdbcCommandRepository.QUEUED_DUE)).containsIgnoringCase("COMMANDS_STATUS_UPDATED");
    assertThat(plan(JdbcCommandRepository.SENT_BEFORE)).containsIgnoringCase("COMMANDS_STATUS_UPDATED");
  }

  private String plan(String sql) throws SQLException {
    return db.runOnStoreThread(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN " + sql.replace("?", "TIMESTAMP WITH TIME ZONE "
          + "'2026-01-01 00:00:00+00'"))) {
        rs.next();
        return rs.getString(1);
      }
    });
  }
}
