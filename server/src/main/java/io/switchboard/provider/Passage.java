package io.switchboard.provider;

/**
 * A piece of a knowledge-base document, as retrieved for a question.
 *
 * @param source the document's path relative to the directory it was loaded from
 * @param title the document's title and the section heading the passage sits under
 * @param text the passage's text
 * @param score the retrieval score (higher is better; comparable only within one search)
 */
public record Passage(String source, String title, String text, float score) {}
