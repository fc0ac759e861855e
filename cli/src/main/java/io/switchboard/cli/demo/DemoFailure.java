package io.switchboard.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** A demo step that did not happen as the contract says; the message tells what happened instead. */
final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message, null, false, false);
  }

  /** Fails with {@code message} unless {@code ok}. */
  static void check(boolean ok, String message) {
    if (!ok) {
      throw new DemoFailure(message);
    }
  }

  /** Fails unless the message's text field equals {@code expected}, naming what it holds instead. */
  static void checkField(JsonNode message, String field, String expected) {
    JsonNode actual = message.get(field);
    if (actual == null || !actual.isTextual() || !actual.asText().equals(expected)) {
      throw new DemoFailure(message.path("type").asText("the reply") + "." + field + " is "
          + (actual == null ? "missing" : actual.toString()) + ", expected \"" + expected + "\"");
    }
  }
}
