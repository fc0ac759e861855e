package io.switchboard.provider.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a Markdown or text document into passages a search can return on their own: one per
 * section (a Markdown heading starts a section), sections longer than {@link #TARGET_WORDS} words
 * cut between paragraphs, paragraphs longer than {@link #MAX_WORDS} between sentences. Each
 * passage keeps its document's title and its section heading.
 */
public final class PassageSplitter {
  static final int TARGET_WORDS = 120;
  static final int MAX_WORDS = 200;

  /** A passage before indexing. */
  public record Chunk(String docTitle, String title, String text) {}

  private PassageSplitter() {}

  public static List<Chunk> split(String fileName, String content) {
    String docTitle = titleFromName(fileName);
    List<Chunk> out = new ArrayList<>();
    String heading = null;
    StringBuilder section = new StringBuilder();
    for (String line : content.replace("\r\n", "\n").split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("#") && isMarkdown(fileName)) {
        String h = t.replaceFirst("^#+\\s*", "").strip();
        if (t.startsWith("# ") && heading == null && section.toString().isBlank()) {
          docTitle = h;
        } else {
          flush(out, docTitle, heading, section);
          heading = h;
        }
        continue;
      }
      section.append(line).append('\n');
    }
    flush(out, docTitle, heading, section);
    return out;
  }

  private static boolean isMarkdown(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".md") || n.endsWith(".markdown");
  }

  static String titleFromName(String fileName) {
    String base = fileName.replaceAll(".*[/\\\\]", "").replaceFirst("\\.[^.]*$", "").replaceAll("[-_]+", " ").strip();
    return base.isEmpty() ? fileName : Character.toUpperCase(base.charAt(0)) + base.substring(1);
  }

  private static void flush(List<Chunk> out, String docTitle, String heading, StringBuilder section) {
    String title = heading == null || heading.isEmpty() ? docTitle : docTitle + " › " + heading;
    List<String> paragraphs = new ArrayList<>();
    for (String p : section.toString().split("\\n\\s*\\n")) {
      String clean = clean(p);
      if (!clean.isEmpty()) {
        paragraphs.addAll(words(clean) > MAX_WORDS ? bySentences(clean) : List.of(clean));
      }
    }
    section.setLength(0);
    StringBuilder current = new StringBuilder();
    for (String p : paragraphs) {
      if (current.length() > 0 && words(current.toString()) + words(p) > TARGET_WORDS) {
        out.add(new Chunk(docTitle, title, current.toString()));
        current.setLength(0);
      }
      current.append(current.length() > 0 ? "\n\n" : "").append(p);
    }
    if (current.length() > 0) {
      out.add(new Chunk(docTitle, title, current.toString()));
    }
  }

  /** Drops Markdown emphasis and joins a paragraph's lines, keeping list items on their own lines. */
  private static String clean(String paragraph) {
    StringBuilder b = new StringBuilder();
    for (String line : paragraph.split("\n")) {
      String t = line.strip().replace("**", "").replace("__", "").replace("`", "");
      if (t.isEmpty()) {
        continue;
      }
      boolean item = t.matches("^([-*+]|\\d+[.)])\\s+.*");
      b.append(b.length() == 0 ? "" : item ? "\n" : " ").append(t);
    }
    return b.toString();
  }

  private static List<String> bySentences(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String sentence : text.split("(?<=[.!?])\\s+")) {
      if (current.length() > 0 && words(current.toString()) + words(sentence) > TARGET_WORDS) {
        out.add(current.toString());
        current.setLength(0);
      }
      current.append(current.length() > 0 ? " " : "").append(sentence);
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  static int words(String s) {
    String t = s.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
