package io.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Failure;
import io.switchboard.provider.Answer;
import io.switchboard.provider.AnswerProvider;
import io.switchboard.provider.Answering;
import io.switchboard.provider.ProviderCall;
import io.switchboard.provider.Question;
import io.switchboard.provider.Tokens;
import io.switchboard.provider.Usage;
import io.switchboard.provider.retrieval.KnowledgeBase;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * An engine on any OpenAI-compatible {@code /chat/completions} server (OpenAI, vLLM, llama.cpp,
 * Ollama, LiteLLM...). It first retrieves the team's best passages, as the built-in engine does,
 * and sends them to the model as numbered context in the system message; the answer's
 * {@code context} is those passages. Usage is the upstream's own count; a server that reports
 * none gets the built-in word-level count ({@link Tokens}) of what was sent and received.
 *
 * <p>Requests go through the Vert.x HTTP client (not the Web client, which cannot abort a request
 * in flight): cancelling a call resets its request, so the upstream sees the connection close.
 */
public final class OpenAiProvider implements AnswerProvider {
  private final HttpClientAgent client;
  private final KnowledgeBase knowledge;
  private final OpenAiSettings settings;
  private final ChatCompletions completions;
  private final int passages;

  public OpenAiProvider(Vertx vertx, KnowledgeBase knowledge, OpenAiSettings settings, int passages) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000),
        new PoolOptions().setHttp1MaxSize(32));
    this.knowledge = knowledge;
    this.settings = settings;
    this.completions = new ChatCompletions(client, settings);
    this.passages = passages;
  }

  @Override
  public String engine() {
    return "openai:" + settings.model();
  }

  @Override
  public ProviderCall ask(Question q, Handler<String> deltas) {
    ChatCompletions.Exchange ex = new ChatCompletions.Exchange();
    Future<Answer> answer = knowledge.search(q.team(), q.query(), q.retrievalGuidance(), passages)
        .compose(r -> {
          if (ex.cancelled()) {
            return Future.failedFuture(Failure.of(Answering.CANCELLED, "Cancelled").asException());
          }
          ObjectNode body = ChatRequests.body(settings, q, r.passages(), deltas != null);
          return completions.send(body, deltas, ex).map(c -> new Answer(c.text(), r.passages(),
              c.usage() != null ? c.usage() : counted(body, c.text()), r.coverage()));
        });
    return ProviderCall.of(answer, ex::cancel);
  }

  private static Usage counted(ObjectNode body, String completion) {
    int prompt = 0;
    for (JsonNode m : body.path("messages")) {
      prompt += Tokens.count(m.path("content").asText());
    }
    return new Usage(prompt, Tokens.count(completion));
  }

  @Override
  public void close() {
    client.close();
  }
}
