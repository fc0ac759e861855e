package io.switchboard.provider.retrieval;

import io.switchboard.config.Config;
import io.switchboard.config.Keys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * Writes the knowledge index: documents loaded per team, each cut into passages. Blocking: the CLI
 * calls it, and the server only at start (off any event loop). Loading a document again replaces
 * its passages. Only one writer may hold the index at a time; the server never keeps one open, so
 * {@code switchboard kb add} works while it runs, and running servers see the change on their next
 * search.
 */
public final class KnowledgeIndex {
  static final String TEAM = "team";
  static final String KEY = "doc_key";
  static final String SOURCE = "source";
  static final String DOC_TITLE = "doc_title";
  static final String TITLE = "title";
  static final String TEXT = "text";
  /** Where the bundled knowledge base sits on the class path, with an INDEX file naming its documents. */
  static final String BUNDLED = "knowledge/mixing/";
  private static final long MAX_FILE_BYTES = 1 << 20;

  private KnowledgeIndex() {}

  /** Where the index lives: providers.knowledge.dir, or data.dir/knowledge. */
  public static Path indexDir(Config config) {
    String dir = config.string(Keys.KNOWLEDGE_DIR);
    return dir.isBlank() ? Path.of(config.string(Keys.DATA_DIR)).resolve("knowledge") : Path.of(dir);
  }

  /** Loads every .md, .markdown and .txt file under {@code docs} into a team; returns the documents loaded. */
  public static int addDirectory(Path indexDir, String team, Path docs) throws IOException {
    if (!Files.isDirectory(docs)) {
      throw new IOException("not a directory: " + docs);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(docs)) {
      files = walk.filter(Files::isRegularFile).filter(KnowledgeIndex::isDocument)
          .filter(p -> !docs.relativize(p).toString().startsWith(".")).sorted().toList();
    }
    for (Path f : files) {
      if (Files.size(f) > MAX_FILE_BYTES) {
        throw new IOException(f + " is larger than 1 MiB; split it");
      }
    }
    write(indexDir, w -> {
      for (Path f : files) {
        String source = docs.relativize(f).toString().replace('\\', '/');
        put(w, team, source, Files.readString(f, StandardCharsets.UTF_8));
      }
    });
    return files.size();
  }

  /** Loads the knowledge base shipped with the server into a team; returns the documents loaded. */
  public static int addBundled(Path indexDir, String team) throws IOException {
    List<String> names = bundledNames();
    write(indexDir, w -> {
      for (String name : names) {
        put(w, team, "bundled/" + name, resource(BUNDLED + name));
      }
    });
    return names.size();
  }

  /** Removes every document of a team; returns how many passages there were. */
  public static int removeTeam(Path indexDir, String team) throws IOException {
    int before = teams(indexDir).getOrDefault(team, 0);
    write(indexDir, w -> w.deleteDocuments(new Term(TEAM, team)));
    return before;
  }

  /** Passages per team. */
  public static Map<String, Integer> teams(Path indexDir) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (FSDirectory dir = FSDirectory.open(indexDir)) {
      if (!DirectoryReader.indexExists(dir)) {
        return out;
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        for (var leaf : r.leaves()) {
          StoredFields stored = leaf.reader().storedFields();
          Bits live = leaf.reader().getLiveDocs();
          for (int i = 0; i < leaf.reader().maxDoc(); i++) {
            if (live == null || live.get(i)) {
              out.merge(stored.document(i).get(TEAM), 1, Integer::sum);
            }
          }
        }
      }
    }
    return out;
  }

  /** Creates an empty index when there is none. */
  static void ensureExists(Path indexDir) throws IOException {
    Files.createDirectories(indexDir);
    try (FSDirectory dir = FSDirectory.open(indexDir)) {
      if (DirectoryReader.indexExists(dir)) {
        return;
      }
    }
    write(indexDir, w -> { });
  }

  /** Work done with the index's one writer, committed at the end. */
  @FunctionalInterface
  private interface WriterWork {
    void run(IndexWriter writer) throws IOException;
  }

  /** Opens the writer (failing with LockObtainFailedException while another process holds it), runs, commits. */
  private static void write(Path indexDir, WriterWork work) throws IOException {
    Files.createDirectories(indexDir);
    IndexWriterConfig cfg = new IndexWriterConfig(KnowledgeBase.analyzer());
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    try (FSDirectory dir = FSDirectory.open(indexDir); IndexWriter w = new IndexWriter(dir, cfg)) {
      work.run(w);
      w.commit();
    }
  }

  private static void put(IndexWriter w, String team, String source, String content) throws IOException {
    String key = team + "\u0000" + source;
    List<Document> docs = new ArrayList<>();
    for (PassageSplitter.Chunk c : PassageSplitter.split(source, content)) {
      Document d = new Document();
      d.add(new StringField(TEAM, team, Field.Store.YES));
      d.add(new StringField(KEY, key, Field.Store.NO));
      d.add(new StoredField(SOURCE, source));
      d.add(new StoredField(DOC_TITLE, c.docTitle()));
      d.add(new TextField(TITLE, c.title(), Field.Store.YES));
      d.add(new TextField(TEXT, c.text(), Field.Store.YES));
      docs.add(d);
    }
    w.updateDocuments(new Term(KEY, key), docs);
  }

  private static boolean isDocument(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".txt");
  }

  static List<String> bundledNames() {
    return resource(BUNDLED + "INDEX").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static String resource(String path) {
    try (InputStream in = KnowledgeIndex.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
