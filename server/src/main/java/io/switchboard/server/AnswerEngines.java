package io.switchboard.server;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Keys;
import io.switchboard.core.metrics.HubMetrics;
import io.switchboard.provider.AnswerProvider;
import io.switchboard.provider.Answering;
import io.switchboard.provider.openai.OpenAiProvider;
import io.switchboard.provider.openai.OpenAiSettings;
import io.switchboard.provider.retrieval.KnowledgeBase;
import io.switchboard.provider.retrieval.KnowledgeIndex;
import io.switchboard.provider.retrieval.RetrievalProvider;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks and builds the answering engine the assistant and nexus profiles share, from configuration. */
final class AnswerEngines {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerEngines.class);
  private static final int SEARCH_THREADS = 2;

  private AnswerEngines() {}

  /** Opens the knowledge index, loading the bundled knowledge base first when configured. Blocking. */
  static KnowledgeBase knowledge(Vertx vertx, Config config) {
    Path dir = KnowledgeIndex.indexDir(config);
    if (config.bool(Keys.KNOWLEDGE_BUNDLED)) {
      String team = config.string(Keys.KNOWLEDGE_BUNDLED_TEAM);
      try {
        int n = KnowledgeIndex.addBundled(dir, team);
        LOG.info("Bundled knowledge base: {} documents in team '{}'", n, team);
      } catch (LockObtainFailedException e) {
        LOG.warn("The knowledge index in {} is being written by another process; the bundled knowledge base "
            + "was not refreshed", dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the bundled knowledge base into " + dir, e);
      }
    }
    return KnowledgeBase.open(vertx, dir, SEARCH_THREADS);
  }

  static Answering answering(Vertx vertx, Config config, KnowledgeBase knowledge, HubMetrics metrics) {
    return new Answering(vertx, provider(vertx, config, knowledge), config.millis(Keys.PROVIDER_TIMEOUT),
        config.integer(Keys.PROVIDER_IN_FLIGHT), metrics);
  }

  private static AnswerProvider provider(Vertx vertx, Config config, KnowledgeBase knowledge) {
    int passages = config.integer(Keys.PROVIDER_PASSAGES);
    String engine = config.string(Keys.PROVIDER_ENGINE).trim().toLowerCase(Locale.ROOT);
    return switch (engine) {
      case "builtin" -> new RetrievalProvider(knowledge, passages);
      case "openai" -> new OpenAiProvider(vertx, knowledge, openAi(config), passages);
      default -> throw new ConfigException(Keys.PROVIDER_ENGINE + " must be builtin or openai, got '" + engine + "'");
    };
  }

  private static OpenAiSettings openAi(Config config) {
    String base = config.string(Keys.OPENAI_BASE_URL).trim();
    try {
      String scheme = URI.create(base).getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Keys.OPENAI_BASE_URL + " must be an http(s) URL, got '" + base + "'");
    }
    return new OpenAiSettings(base, config.string(Keys.OPENAI_API_KEY).trim(), config.string(Keys.OPENAI_MODEL).trim(),
        config.string(Keys.OPENAI_SYSTEM_PROMPT), config.integer(Keys.OPENAI_MAX_TOKENS));
  }
}
