package io.switchboard.provider.retrieval;

import io.switchboard.provider.Answer;
import io.switchboard.provider.AnswerProvider;
import io.switchboard.provider.Passage;
import io.switchboard.provider.ProviderCall;
import io.switchboard.provider.Question;
import io.switchboard.provider.Tokens;
import io.switchboard.provider.Turn;
import io.switchboard.provider.Usage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in engine: no network, no model. It retrieves the team's best passages for the
 * question and answers with them, quoting the best few and naming their sources. Its
 * {@code confidence} is the share of the question's terms the passages cover; its usage counts
 * (with {@link Tokens}) everything it read as the prompt (question, guidance, remembered
 * conversation, retrieved passages) and the answer it wrote as the completion.
 */
public final class RetrievalProvider implements AnswerProvider {
  public static final String ENGINE = "switchboard.retrieval";
  /** Passages quoted in the answer at most; the rest are returned as context only. */
  private static final int QUOTED = 2;
  /** A passage is quoted only when it scores at least this share of the best one. */
  private static final float QUOTE_SHARE = 0.6f;

  private final KnowledgeBase knowledge;
  private final int passages;

  public RetrievalProvider(KnowledgeBase knowledge, int passages) {
    this.knowledge = knowledge;
    this.passages = passages;
  }

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public ProviderCall ask(Question q, Handler<String> deltas) {
    Future<Answer> answer = knowledge.search(q.team(), q.query(), q.retrievalGuidance(), passages).compose(r -> {
      if (r.passages().isEmpty()) {
        return knowledge.topics(q.team()).map(topics -> answer(q, nothingFound(q.team(), topics), r));
      }
      return Future.succeededFuture(answer(q, compose(r.passages()), r));
    }).onSuccess(a -> stream(a.text(), deltas));
    return ProviderCall.of(answer, () -> { });
  }

  private static Answer answer(Question q, String text, KnowledgeBase.Retrieval r) {
    int prompt = Tokens.count(q.query()) + Tokens.count(q.guidance());
    for (Turn t : q.history()) {
      prompt += Tokens.count(t.text());
    }
    for (Passage p : r.passages()) {
      prompt += Tokens.count(p.title()) + Tokens.count(p.text());
    }
    return new Answer(text, r.passages(), new Usage(prompt, Tokens.count(text)), r.coverage());
  }

  /** Quotes the best passage, and the second when it scores nearly as well; names their sources. */
  static String compose(List<Passage> found) {
    StringBuilder b = new StringBuilder("From the knowledge base:");
    Set<String> sources = new LinkedHashSet<>();
    for (Passage p : found.subList(0, Math.min(QUOTED, found.size()))) {
      if (p.score() >= QUOTE_SHARE * found.get(0).score()) {
        b.append("\n\n").append(p.title()).append(": ").append(p.text());
        sources.add(p.source());
      }
    }
    b.append("\n\n(Sources: ").append(String.join(", ", sources)).append(')');
    return b.toString();
  }

  static String nothingFound(String team, List<String> topics) {
    if (topics.isEmpty()) {
      return "The knowledge base of team '" + team + "' is empty, so I have nothing to answer from. "
          + "Add documents with: switchboard kb add --team " + team + " DIR";
    }
    return "I found nothing about that in the knowledge base of team '" + team + "'. It covers: "
        + String.join(", ", topics) + ". Ask about one of these, or add documents with: "
        + "switchboard kb add --team " + team + " DIR";
  }

  /** Hands the answer to a streaming client paragraph by paragraph. */
  private static void stream(String text, Handler<String> deltas) {
    if (deltas == null) {
      return;
    }
    String[] parts = text.split("(?<=\n\n)");
    for (String part : parts) {
      deltas.handle(part);
    }
  }
}
