package io.switchboard.cli;

import io.switchboard.config.Config;
import io.switchboard.core.auth.Credentials;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard token --sub alice}: prints a user JWT signed with the server's secret. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a user JWT signed with this server's HS256 secret (for trying the flows).")
final class TokenCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--sub", required = true, description = "User id (the token's sub).")
  String subject;

  @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime: 30s, 15m, 1h, 7d. Default ${DEFAULT-VALUE}.")
  String ttl;

  @Override
  public Integer call() {
    Config config = options.load();
    Vertx vertx = Vertx.vertx();
    try {
      Credentials credentials = Credentials.create(vertx, config, Clock.systemUTC());
      System.out.println(credentials.mintUserToken(subject, parse(ttl)));
      return 0;
    } finally {
      vertx.close();
    }
  }

  static Duration parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.length() < 2) {
      throw new IllegalArgumentException("bad duration: " + text);
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("bad duration (use s, m, h or d): " + text);
    };
  }
}
