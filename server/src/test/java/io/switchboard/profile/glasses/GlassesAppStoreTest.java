package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.auth.ApiKeys;
import io.switchboard.store.Database;
import io.switchboard.store.JdbcAppRepository;
import io.switchboard.testing.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app registry behaves the same on the embedded H2 store and on PostgreSQL. */
class GlassesAppStoreTest {
  @TempDir
  Path dataDir;

  @Test
  void appRegistryOnH2() {
    exercise(Map.of());
  }

  @Test
  void appRegistryOnPostgres() throws Exception {
    Services.requirePostgres();
    exercise(Map.of(Keys.STORE_URL, Services.freshPostgresSchema(), Keys.STORE_USER, Services.PG_USER));
  }

  private void exercise(Map<String, String> store) {
    Map<String, String> values = new HashMap<>(store);
    values.put(Keys.DATA_DIR, dataDir.toString());
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.open(vertx, Config.defaults().with(values))) {
      AppRepository repo = new JdbcAppRepository(db);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String key = ApiKeys.generate("sbk_");
      App app = new App("com.example.store", "https://apps.example.com", ApiKeys.hash(key), true,
          List.of("10.0.0.0/8", "::1"), now, now);
      assertThat(join(repo.create(app))).isEqualTo(app);
      assertThat(join(repo.create(app))).as("a taken name").isNull();
      assertThat(join(repo.find("com.example.store"))).isEqualTo(app);
      assertThat(join(repo.findByKeyHash(ApiKeys.hash(key))).packageName()).isEqualTo("com.example.store");
      assertThat(join(repo.findByKeyHash(ApiKeys.hash("sbk_other")))).isNull();
      String next = ApiKeys.generate("sbk_");
      App rotated = join(repo.rotateKey("com.example.store", ApiKeys.hash(next), now.plusSeconds(5)));
      assertThat(rotated.apiKeyHash()).isEqualTo(ApiKeys.hash(next));
      assertThat(rotated.updatedAt()).isEqualTo(now.plusSeconds(5));
      assertThat(join(repo.rotateKey("com.example.none", ApiKeys.hash(next), now))).isNull();
      assertThat(join(repo.list())).extracting(App::packageName).containsExactly("com.example.store");
      assertThat(join(repo.delete("com.example.store"))).isTrue();
      assertThat(join(repo.delete("com.example.store"))).isFalse();
      assertThat(join(repo.list())).isEmpty();
    } finally {
      vertx.close();
    }
  }

  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }
}
