package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's documentation pages, for tests that hold the code to what the docs promise. */
public final class Docs {
  private Docs() {}

  /** The text of {@code docs/NAME} (tests run in a module directory, beside docs/). */
  public static String page(String name) {
    try {
      return Files.readString(Path.of("..", "docs", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the page names the error code, in a table or prose ({@code `CODE`}) or in an example ({@code "CODE"}). */
  public static boolean documents(String page, String code) {
    return !code.isEmpty() && (page.contains("`" + code + "`") || page.contains("\"" + code + "\""));
  }
}
