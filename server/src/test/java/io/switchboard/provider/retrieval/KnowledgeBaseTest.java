package io.switchboard.provider.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.provider.Passage;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passages, team isolation, replacement on reload and coverage, on a real Lucene index. */
class KnowledgeBaseTest {
  @TempDir
  Path index;
  @TempDir
  Path docs;
  Vertx vertx;
  KnowledgeBase kb;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    kb = KnowledgeBase.open(vertx, index, 1);
  }

  @AfterEach
  void close() {
    kb.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private KnowledgeBase.Retrieval search(String team, String query) {
    return kb.search(team, query, "", 4).toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void markdownIsCutIntoTitledPassages() {
    List<PassageSplitter.Chunk> chunks = PassageSplitter.split("mixing/reverb-tips.md",
        "# Reverb\n\nIntro words.\n\n## Plates\n\nPlates are **bright**.\n\n- short decay\n- pre-delay\n\n## Rooms\n\nRooms glue.");
    assertThat(chunks).extracting(PassageSplitter.Chunk::title)
        .containsExactly("Reverb", "Reverb › Plates", "Reverb › Rooms");
    assertThat(chunks.get(1).text()).isEqualTo("Plates are bright.\n\n- short decay\n- pre-delay");
    assertThat(PassageSplitter.split("notes/tape_hiss.txt", "# not a heading in text\nhiss").get(0).title())
        .isEqualTo("Tape hiss");
    String longSection = "# Long\n\n" + "Word ".repeat(150) + "\n\n" + "Other ".repeat(150);
    assertThat(PassageSplitter.split("long.md", longSection)).hasSize(2);
  }

  @Test
  void teamsNeverSeeEachOthersDocumentsAndReloadingReplaces() throws Exception {
    Files.writeString(docs.resolve("a.md"), "# Alpha\n\nThe flanger sweeps slowly.");
    KnowledgeIndex.addDirectory(index, "red", docs);
    assertThat(search("red", "flanger").passages()).hasSize(1);
    assertThat(search("blue", "flanger").passages()).isEmpty();

    Files.writeString(docs.resolve("a.md"), "# Alpha\n\nThe phaser sweeps quickly.");
    KnowledgeIndex.addDirectory(index, "red", docs);
    assertThat(search("red", "flanger").passages()).isEmpty();
    Passage p = search("red", "phaser").passages().get(0);
    assertThat(p.source()).isEqualTo("a.md");
    assertThat(p.title()).isEqualTo("Alpha");
    assertThat(KnowledgeIndex.teams(index)).containsEntry("red", 1);
    assertThat(KnowledgeIndex.removeTeam(index, "red")).isEqualTo(1);
    assertThat(search("red", "phaser").passages()).isEmpty();
  }

  @Test
  void theBundledBaseAnswersMixingQuestionsAndCoverageCountsMatchedTerms() throws Exception {
    assertThat(KnowledgeIndex.addBundled(index, "default")).isEqualTo(7);
    KnowledgeBase.Retrieval r = search("default", "How should I compress vocals?");
    assertThat(r.passages()).isNotEmpty();
    assertThat(r.passages()).extracting(Passage::source).contains("bundled/vocals.md");
    assertThat(r.coverage()).isEqualTo(1.0);
    assertThat(search("default", "vocals xylophone").coverage()).isEqualTo(0.5);
    assertThat(search("default", "AND OR NOT \"( [").passages()).isEmpty();
    assertThat(kb.topics("default").toCompletionStage().toCompletableFuture().join())
        .contains("Compression", "EQ", "Gain staging", "Headroom", "Loudness targets", "Vocals");
  }
}
