package io.switchboard.provider;

import io.vertx.core.Handler;

/**
 * An answering engine behind the assistant and nexus profiles: given a question (with the
 * conversation so far and the team whose knowledge it may draw on), it produces an answer, the
 * passages it used and what it cost in tokens.
 *
 * <p>{@link #ask} must return at once, never block its caller (an event loop), and do its work
 * asynchronously. The call it returns can be cancelled; a cancelled call stops what it can (an
 * upstream HTTP request is aborted) and its result is ignored. Timeouts and per-connection
 * bookkeeping are not the provider's concern: {@link Answering} applies them to every engine.
 */
public interface AnswerProvider {
  /** What this engine is, as reported to clients (assistant {@code engine_type}). */
  String engine();

  /**
   * Starts answering. When {@code deltas} is not null the client asked for streaming, and the
   * provider may pass partial answer text to it (in order, each piece appended to the previous
   * ones) before the answer completes; the final answer still carries the whole text.
   */
  ProviderCall ask(Question question, Handler<String> deltas);

  /** Releases what the engine holds (HTTP clients, index readers). */
  default void close() {
  }
}
