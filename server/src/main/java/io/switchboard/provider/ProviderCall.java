package io.switchboard.provider;

import io.vertx.core.Future;

/** One answer in progress: its eventual result, and a way to abandon it. */
public interface ProviderCall {
  Future<Answer> answer();

  /** Stops the work where possible (aborts an upstream request). Safe to call more than once, and after completion. */
  void cancel();

  /** A call over a future that cannot be stopped part-way (or has nothing left to stop). */
  static ProviderCall of(Future<Answer> answer, Runnable cancel) {
    return new ProviderCall() {
      @Override
      public Future<Answer> answer() {
        return answer;
      }

      @Override
      public void cancel() {
        cancel.run();
      }
    };
  }
}
