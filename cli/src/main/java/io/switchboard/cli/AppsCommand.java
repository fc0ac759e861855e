package io.switchboard.cli;

import io.switchboard.core.auth.ApiKeys;
import io.switchboard.profile.glasses.AddressRules;
import io.switchboard.profile.glasses.App;
import io.switchboard.store.JdbcAppRepository;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard apps create|list|rotate-key|delete}: the third-party apps of the glasses
 * profile, in the configured store. An API key is printed once, when it is made; only its hash is
 * stored.
 */
@Command(name = "apps", mixinStandardHelpOptions = true, description = "Manage glasses apps and their API keys.",
    subcommands = {AppsCommand.Create.class, AppsCommand.ListApps.class, AppsCommand.RotateKey.class,
        AppsCommand.Delete.class})
final class AppsCommand implements Runnable {
  static final String KEY_PREFIX = "sbk_";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs work against the app registry and prints its result; a result starting "error:" exits 1. */
  static <T> int withApps(ConfigOptions options, PrintWriter out, Function<JdbcAppRepository, Future<T>> work,
      Function<T, String> render) {
    return StoreCommands.run(options, out, JdbcAppRepository::new, work, render);
  }

  static String line(App a) {
    String system = a.systemApp() ? "system(" + String.join(",", a.allowedAddresses()) + ")" : "-";
    return String.format("%-40s  %-24s  %s", a.packageName(), system, a.publicUrl());
  }

  static String created(App a, String key) {
    return "package:  " + a.packageName() + "\nurl:      " + a.publicUrl() + "\nsystem:   " + a.systemApp()
        + (a.systemApp() ? " (from " + String.join(", ", a.allowedAddresses()) + ")" : "")
        + "\napi key:  " + key + "\nThe API key is shown only now; store it with the app server.";
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Register an app; prints its API key once.")
  static final class Create implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Option(names = "--package", required = true, description = "Package name, e.g. com.example.captions.")
    String packageName;
    @Option(names = "--url", required = true, description = "Public URL of the app server (webhooks go to URL/webhook).")
    String url;
    @Option(names = "--system", description = "A system app: its key is accepted only from --allow addresses.")
    boolean system;
    @Option(names = "--allow", split = ",", paramLabel = "ADDRESS",
        description = "Source addresses or CIDR ranges a system app may connect from (comma-separated, repeatable).")
    List<String> allow = new ArrayList<>();

    @Override
    public Integer call() {
      String problem = problem();
      if (problem != null) {
        spec.commandLine().getErr().println("error: " + problem);
        return 2;
      }
      String key = ApiKeys.generate(KEY_PREFIX);
      Instant now = Instant.now();
      App app = new App(packageName, url, ApiKeys.hash(key), system, allow, now, now);
      return withApps(options, spec.commandLine().getOut(), repo -> repo.create(app),
          a -> a == null ? "error: an app named " + packageName + " exists already" : created(a, key));
    }

    private String problem() {
      if (!App.validPackageName(packageName)) {
        return "--package may hold letters, digits and _ . - (1 to 255 characters)";
      }
      if (!App.validPublicUrl(url)) {
        return "--url must be an http or https URL";
      }
      if (system && allow.isEmpty()) {
        return "a system app needs --allow with the addresses it connects from";
      }
      if (!system && !allow.isEmpty()) {
        return "--allow applies only to system apps (--system)";
      }
      return allow.stream().filter(a -> !AddressRules.valid(a.trim())).findFirst()
          .map(a -> "not an IP address or CIDR range: " + a).orElse(null);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps (keys are never shown).")
  static final class ListApps implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return withApps(options, spec.commandLine().getOut(), JdbcAppRepository::list,
          list -> list.isEmpty() ? "(no apps)" : String.join("\n", list.stream().map(AppsCommand::line).toList()));
    }
  }

  @Command(name = "rotate-key", mixinStandardHelpOptions = true,
      description = "Give an app a new API key (printed once); the old key stops working for new connections.")
  static final class RotateKey implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "Package name.")
    String packageName;

    @Override
    public Integer call() {
      String key = ApiKeys.generate(KEY_PREFIX);
      return withApps(options, spec.commandLine().getOut(),
          repo -> repo.rotateKey(packageName, ApiKeys.hash(key), Instant.now()),
          a -> a == null ? "error: no app " + packageName : created(a, key));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove an app and its key.")
  static final class Delete implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "Package name.")
    String packageName;

    @Override
    public Integer call() {
      return withApps(options, spec.commandLine().getOut(), repo -> repo.delete(packageName),
          gone -> gone ? "deleted " + packageName : "error: no app " + packageName);
    }
  }
}
