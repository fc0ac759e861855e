package io.switchboard.provider.retrieval;

import io.switchboard.provider.Passage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Searches the knowledge index (Lucene, BM25 over English-stemmed passage text and titles),
 * always within one team. Searches run on a small worker pool, never on an event loop; each one
 * first picks up whatever {@code switchboard kb add} committed since the last.
 */
public final class KnowledgeBase implements AutoCloseable {
  /** Longest piece of a question used for retrieval; keeps queries far below Lucene's clause limit. */
  private static final int MAX_QUERY_CHARS = 1000;
  private static final float TITLE_BOOST = 1.5f;
  private static final float GUIDANCE_BOOST = 0.3f;

  private static final List<String> QUESTION_WORDS = List.of("how", "what", "why", "when", "where", "which", "who",
      "should", "would", "could", "can", "do", "does", "did", "i", "me", "my", "we", "our", "you", "your", "about",
      "much", "many", "some", "any", "get", "tell", "need", "want", "please", "best", "way", "ways", "tip", "tips");

  private final FSDirectory directory;
  private final SearcherManager searchers;
  private final WorkerExecutor workers;
  private final Analyzer analyzer = analyzer();

  /** What a search found, and how much of the question's wording the passages cover (0..1). */
  public record Retrieval(List<Passage> passages, double coverage) {}

  private KnowledgeBase(FSDirectory directory, SearcherManager searchers, WorkerExecutor workers) {
    this.directory = directory;
    this.searchers = searchers;
    this.workers = workers;
  }

  /** Opens (creating it empty if needed) the index in {@code indexDir}. Blocking: call at start. */
  public static KnowledgeBase open(Vertx vertx, Path indexDir, int threads) {
    try {
      KnowledgeIndex.ensureExists(indexDir);
      FSDirectory dir = FSDirectory.open(indexDir);
      return new KnowledgeBase(dir, new SearcherManager(dir, null),
          vertx.createSharedWorkerExecutor("switchboard-knowledge", threads));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the knowledge index in " + indexDir, e);
    }
  }

  /**
   * English stemming; stop words are Lucene's English set plus the question and filler words people
   * wrap a question in ("how should I ..."), which say nothing about what to look for.
   */
  static Analyzer analyzer() {
    CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    stop.addAll(QUESTION_WORDS);
    return new EnglishAnalyzer(stop);
  }

  /**
   * The best passages of {@code team} for {@code query}, at most {@code max}. Every passage must
   * match the query; {@code guidance} (perspective, earlier question) only reorders them.
   */
  public Future<Retrieval> search(String team, String query, String guidance, int max) {
    return workers.executeBlocking(() -> searchNow(team, query, guidance, max), false);
  }

  /** The titles of a team's documents (to tell a client what the knowledge base covers). */
  public Future<List<String>> topics(String team) {
    return workers.executeBlocking(() -> withSearcher(s -> {
      TopDocs top = s.search(new TermQuery(new Term(KnowledgeIndex.TEAM, team)), 500);
      StoredFields stored = s.storedFields();
      Set<String> titles = new LinkedHashSet<>();
      for (ScoreDoc d : top.scoreDocs) {
        titles.add(stored.document(d.doc).get(KnowledgeIndex.DOC_TITLE));
      }
      return titles.stream().sorted().toList();
    }), false);
  }

  private Retrieval searchNow(String team, String query, String guidance, int max) throws IOException {
    Query main = parse(query);
    if (main == null) {
      return new Retrieval(List.of(), 0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(main, Occur.MUST)
        .add(new TermQuery(new Term(KnowledgeIndex.TEAM, team)), Occur.FILTER);
    Query extra = parse(guidance);
    if (extra != null) {
      b.add(new BoostQuery(extra, GUIDANCE_BOOST), Occur.SHOULD);
    }
    List<Passage> passages = withSearcher(s -> {
      TopDocs top = s.search(b.build(), max);
      StoredFields stored = s.storedFields();
      List<Passage> out = new ArrayList<>();
      for (ScoreDoc d : top.scoreDocs) {
        Document doc = stored.document(d.doc);
        out.add(new Passage(doc.get(KnowledgeIndex.SOURCE), doc.get(KnowledgeIndex.TITLE),
            doc.get(KnowledgeIndex.TEXT), d.score));
      }
      return out;
    });
    return new Retrieval(passages, coverage(query, passages));
  }

  /** The share of the question's distinct terms (stemmed, stop words dropped) found in the passages. */
  double coverage(String query, List<Passage> passages) {
    Set<String> wanted = terms(truncate(query));
    if (wanted.isEmpty() || passages.isEmpty()) {
      return 0;
    }
    Set<String> found = new LinkedHashSet<>();
    for (Passage p : passages) {
      found.addAll(terms(p.title() + " " + p.text()));
    }
    long hit = wanted.stream().filter(found::contains).count();
    return Math.round(100.0 * hit / wanted.size()) / 100.0;
  }

  Set<String> terms(String text) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(KnowledgeIndex.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The user's words as a query on text and titles; operators are not honoured. Null when nothing is left. */
  private Query parse(String text) {
    if (text == null || text.isBlank() || terms(truncate(text)).isEmpty()) {
      return null;
    }
    MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {KnowledgeIndex.TEXT, KnowledgeIndex.TITLE},
        analyzer, Map.of(KnowledgeIndex.TITLE, TITLE_BOOST));
    try {
      return parser.parse(QueryParser.escape(truncate(text).toLowerCase(Locale.ROOT)));
    } catch (ParseException e) {
      return null;
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_QUERY_CHARS ? text : text.substring(0, MAX_QUERY_CHARS);
  }

  /** Work done with a current searcher. */
  @FunctionalInterface
  private interface SearchWork<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearchWork<T> work) throws IOException {
    searchers.maybeRefresh();
    IndexSearcher s = searchers.acquire();
    try {
      return work.run(s);
    } finally {
      searchers.release(s);
    }
  }

  @Override
  public void close() {
    try {
      workers.close();
      searchers.close();
      directory.close();
      analyzer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
