package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every configuration key is documented in docs/operations.md, so the docs cannot fall behind the code. */
class KeysDocumentedTest {
  @Test
  void operationsPageListsEveryKey() throws Exception {
    Path page = Path.of("..", "docs", "operations.md");
    assertThat(page).exists();
    String text = Files.readString(page);
    for (Keys.Key k : Keys.ALL) {
      assertThat(text).as("docs/operations.md mentions %s", k.name()).contains("`" + k.name() + "`");
    }
  }
}
