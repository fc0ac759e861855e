package io.switchboard.core.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/** Lettuce's results as Vert.x futures. */
public final class Lettuce {
  private Lettuce() {}

  /** A Vert.x future for a Lettuce stage, completed on the caller's context when there is one. */
  public static <T> Future<T> fromStage(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }
}
