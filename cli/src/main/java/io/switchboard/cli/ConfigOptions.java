package io.switchboard.cli;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads configuration shares: --config, --data-dir, --set. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (Java properties: key = value).")
  Path file;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (sets data.dir).")
  String dataDir;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Sets any configuration key; repeatable.")
  List<String> sets = new ArrayList<>();

  /** defaults < file < environment < flags */
  Config load() {
    Config.Builder b = Config.builder();
    if (file != null) {
      b.file(file);
    }
    b.environment(System.getenv());
    List<String> flags = new ArrayList<>(sets);
    if (dataDir != null) {
      flags.add(Keys.DATA_DIR + "=" + dataDir);
    }
    return b.flags(flags).build();
  }
}
