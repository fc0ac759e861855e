package io.switchboard.cli;

import io.switchboard.config.Config;
import io.switchboard.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.function.Function;

/** The one way CLI commands work on the durable store: open it, run, print, close. */
final class StoreCommands {
  private StoreCommands() {}

  /**
   * Opens the configured store, builds the repositories, runs {@code work}, prints its rendered
   * result and closes everything. A result starting with {@code error:} exits 1.
   */
  static <R, T> int run(ConfigOptions options, PrintWriter out, Function<Database, R> repositories,
      Function<R, Future<T>> work, Function<T, String> render) {
    Config config = options.load();
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.open(vertx, config)) {
      T result = work.apply(repositories.apply(db)).toCompletionStage().toCompletableFuture().join();
      String text = render.apply(result);
      out.println(text);
      out.flush();
      return text.startsWith("error:") ? 1 : 0;
    } finally {
      vertx.close();
    }
  }
}
