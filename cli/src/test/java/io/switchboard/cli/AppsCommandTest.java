package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import io.switchboard.core.auth.ApiKeys;
import io.switchboard.profile.glasses.App;
import io.switchboard.store.Database;
import io.switchboard.store.JdbcAppRepository;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard apps}: keys printed once and stored only as hashes; list, rotate, delete. */
@Timeout(60)
class AppsCommandTest {
  static final Pattern KEY = Pattern.compile("api key:\\s+(sbk_[A-Za-z0-9_-]{43})");
  @TempDir
  Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  private int apps(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] all = new String[args.length + 3];
    all[0] = "apps";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dir.toString();
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
  }

  @Test
  void createListRotateAndDelete() {
    assertThat(apps("create", "--package", "com.example.cli", "--url", "https://apps.example.com/captions")).isZero();
    String key = key();
    assertThat(stored("com.example.cli").apiKeyHash()).isEqualTo(ApiKeys.hash(key)).doesNotContain(key);

    assertThat(apps("list")).isZero();
    assertThat(out.toString()).contains("com.example.cli", "https://apps.example.com/captions").doesNotContain(key);

    assertThat(apps("rotate-key", "com.example.cli")).isZero();
    String rotated = key();
    assertThat(rotated).isNotEqualTo(key);
    assertThat(ApiKeys.matches(rotated, stored("com.example.cli").apiKeyHash())).isTrue();
    assertThat(ApiKeys.matches(key, stored("com.example.cli").apiKeyHash())).isFalse();

    assertThat(apps("create", "--package", "com.example.cli", "--url", "https://other.example.com")).isEqualTo(1);
    assertThat(out.toString()).contains("exists already");
    assertThat(apps("delete", "com.example.cli")).isZero();
    assertThat(apps("delete", "com.example.cli")).isEqualTo(1);
    assertThat(apps("rotate-key", "com.example.cli")).isEqualTo(1);
    assertThat(apps("list")).isZero();
    assertThat(out.toString()).contains("(no apps)");
  }

  @Test
  void systemAppsNeedTheirAddressesAndBadInputIsRefused() {
    assertThat(apps("create", "--package", "com.example.sys", "--url", "http://10.0.0.5:7010", "--system")).isEqualTo(2);
    assertThat(err.toString()).contains("--allow");
    assertThat(apps("create", "--package", "com.example.sys", "--url", "http://10.0.0.5:7010", "--system",
        "--allow", "10.0.0.0/8,not-an-ip")).isEqualTo(2);
    assertThat(apps("create", "--package", "bad package", "--url", "http://x.example")).isEqualTo(2);
    assertThat(apps("create", "--package", "com.example.sys", "--url", "ftp://x.example")).isEqualTo(2);
    assertThat(apps("create", "--package", "com.example.sys", "--url", "http://10.0.0.5:7010", "--system",
        "--allow", "10.0.0.0/8", "--allow", "fd00::/8")).isZero();
    App app = stored("com.example.sys");
    assertThat(app.systemApp()).isTrue();
    assertThat(app.allowedAddresses()).containsExactly("10.0.0.0/8", "fd00::/8");
  }

  private String key() {
    Matcher m = KEY.matcher(out.toString());
    assertThat(m.find()).as("a key in:%n%s%n%s", out, err).isTrue();
    return m.group(1);
  }

  private App stored(String packageName) {
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.open(vertx, Config.defaults().with(Map.of(Keys.DATA_DIR, dir.toString())))) {
      return new JdbcAppRepository(db).find(packageName).toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close();
    }
  }
}
