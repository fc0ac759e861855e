package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir
  Path dir;

  @Test
  void layersAreDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("switchboard.properties");
    Files.writeString(file, "# test\npairing.port = 9001\nhttp.port = 9002\nlimits.connections-per-ip = 7\n");
    Config c = Config.builder()
        .file(file)
        .environment(Map.of("SWITCHBOARD_HTTP_PORT", "9003", "SWITCHBOARD_PAIRING_CODE_TTL_SECONDS", "120",
            "PATH", "/usr/bin"))
        .flags(List.of("limits.connections-per-ip=9"))
        .build();
    assertThat(c.integer(Keys.PAIRING_PORT)).isEqualTo(9001);
    assertThat(c.integer(Keys.HTTP_PORT)).isEqualTo(9003);
    assertThat(c.integer(Keys.PAIRING_CODE_TTL)).isEqualTo(120);
    assertThat(c.integer(Keys.PER_IP)).isEqualTo(9);
    assertThat(c.string(Keys.DATA_DIR)).isEqualTo("./data");
  }

  @Test
  void defaultsMatchTheContract() {
    Config c = Config.defaults();
    assertThat(c.integer(Keys.HTTP_PORT)).isEqualTo(8000);
    assertThat(c.integer(Keys.PAIRING_PORT)).isEqualTo(8089);
    assertThat(c.integer(Keys.MAX_MESSAGE)).isEqualTo(64 * 1024);
    assertThat(c.integer(Keys.MAX_FRAME)).isEqualTo(1024 * 1024);
    assertThat(c.integer(Keys.RATE)).isEqualTo(100);
    assertThat(c.integer(Keys.BURST)).isEqualTo(200);
    assertThat(c.integer(Keys.PER_IP)).isEqualTo(50);
    assertThat(c.integer(Keys.PAIRING_CODE_TTL)).isEqualTo(300);
    assertThat(c.integer(Keys.PAIRING_GRACE)).isEqualTo(60);
  }

  @Test
  void unknownKeysAndBadValuesAreErrorsNotSilentDefaults() throws Exception {
    assertThatThrownBy(() -> Config.builder().flags(List.of("pairing.prot=1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("pairing.prot");
    assertThatThrownBy(() -> Config.builder().environment(Map.of("SWITCHBOARD_NOPE", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_NOPE");
    assertThatThrownBy(() -> Config.builder().flags(List.of("no-equals-sign")))
        .isInstanceOf(ConfigException.class);
    Config c = Config.builder().flags(List.of("http.port=eighty")).build();
    assertThatThrownBy(() -> c.integer(Keys.HTTP_PORT)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
  }

  @Test
  void environmentNamesFollowTheKey() {
    assertThat(Keys.environmentName("pairing.code-ttl-seconds")).isEqualTo("SWITCHBOARD_PAIRING_CODE_TTL_SECONDS");
  }
}
