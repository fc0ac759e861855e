package io.switchboard.cli;

import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.auth.Ed25519Keys;
import io.switchboard.profile.nexus.RegisteredKey;
import io.switchboard.profile.nexus.ServiceKey;
import io.switchboard.store.JdbcPublicKeyRepository;
import io.switchboard.store.JdbcServiceKeyRepository;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard keys add|create-api-key|list|revoke}: credentials of nexus clients. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage nexus credentials: Ed25519 public keys and service API keys.",
    subcommands = {KeysCommand.Add.class, KeysCommand.CreateApiKey.class, KeysCommand.ListKeys.class,
        KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  static final String API_KEY_PREFIX = "sbk_";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The store's two key registries. */
  record Stores(JdbcServiceKeyRepository apiKeys, JdbcPublicKeyRepository publicKeys) {}

  /** Runs work against the key registries and prints its result; a result starting "error:" exits 1. */
  static <T> int withStores(ConfigOptions options, PrintWriter out, Function<Stores, Future<T>> work,
      Function<T, String> render) {
    return StoreCommands.run(options, out,
        db -> new Stores(new JdbcServiceKeyRepository(db), new JdbcPublicKeyRepository(db)), work, render);
  }

  static String teams(List<String> teams) {
    return teams.isEmpty() ? "any team" : "teams " + String.join(",", teams);
  }

  /** Team names as given with --team, checked. */
  static List<String> checkedTeams(List<String> teams) {
    for (String t : teams) {
      if (!t.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("a team name has 1 to 64 letters, digits, '_', '.' or '-': " + t);
      }
    }
    return List.copyOf(teams);
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register an Ed25519 public key for a user (nexus challenge authentication).")
  static final class Add implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--sub", required = true, description = "The user the key authenticates as.")
    String subject;
    @Option(names = "--pubkey", required = true,
        description = "The public key: 32 raw bytes in hex or base64, or SubjectPublicKeyInfo (base64 DER or PEM).")
    String pubkey;
    @Option(names = "--team", description = "A knowledge-base team the key may ask about; repeatable (default: any).")
    List<String> teams = new ArrayList<>();

    @Override
    public Integer call() {
      String canonical = Ed25519Keys.canonical(Ed25519Keys.decodePublicKey(pubkey));
      RegisteredKey key = new RegisteredKey(UUID.randomUUID().toString(), subject, canonical, checkedTeams(teams),
          Instant.now());
      return withStores(options, spec.commandLine().getOut(), s -> s.publicKeys().add(key),
          k -> k == null ? "error: this public key is already registered"
              : "registered " + k.keyId() + " for " + k.userId() + " (" + teams(k.teams()) + ")");
    }
  }

  @Command(name = "create-api-key", mixinStandardHelpOptions = true,
      description = "Create a service API key for nexus; prints it once (only its hash is kept).")
  static final class CreateApiKey implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--sub", required = true, description = "The user the key authenticates as.")
    String subject;
    @Option(names = "--name", description = "A label people recognise.")
    String name;
    @Option(names = "--team", description = "A knowledge-base team the key may ask about; repeatable (default: any).")
    List<String> teams = new ArrayList<>();

    @Override
    public Integer call() {
      String key = ApiKeys.generate(API_KEY_PREFIX);
      ServiceKey stored = new ServiceKey("k_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
          subject, ApiKeys.hash(key), name, checkedTeams(teams), Instant.now());
      PrintWriter err = spec.commandLine().getErr();
      int code = withStores(options, spec.commandLine().getOut(), s -> s.apiKeys().create(stored), k -> key);
      err.println("Created API key " + stored.keyId() + " for " + subject + " (" + teams(stored.teams())
          + "). It is shown only this once and stored only as a hash.");
      err.flush();
      return code;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys and public keys (never the keys).")
  static final class ListKeys implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return withStores(options, spec.commandLine().getOut(),
          s -> s.apiKeys().list().compose(api -> s.publicKeys().list().map(pub -> render(api, pub))), t -> t);
    }

    private static String render(List<ServiceKey> api, List<RegisteredKey> pub) {
      List<String> lines = new ArrayList<>();
      for (ServiceKey k : api) {
        lines.add(String.format("api-key  %-36s  %-20s  %-20s  %s", k.keyId(), k.userId(), teams(k.teams()),
            k.name() == null ? "" : k.name()));
      }
      for (RegisteredKey k : pub) {
        lines.add(String.format("ed25519  %-36s  %-20s  %-20s  %s...", k.keyId(), k.userId(), teams(k.teams()),
            k.publicKey().substring(0, 16)));
      }
      return lines.isEmpty() ? "(no keys)" : String.join("\n", lines);
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Delete an API key or public key by its id.")
  static final class Revoke implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "The key id (from keys list).")
    String keyId;

    @Override
    public Integer call() {
      return withStores(options, spec.commandLine().getOut(),
          s -> s.apiKeys().revoke(keyId).compose(a -> a ? Future.succeededFuture(true) : s.publicKeys().revoke(keyId)),
          done -> done ? "revoked " + keyId : "error: no key " + keyId);
    }
  }
}
