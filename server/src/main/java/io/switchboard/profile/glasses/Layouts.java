package io.switchboard.profile.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.Fields;
import java.util.List;
import java.util.Map;

/** The layouts an app may put on the glasses, and the text fields each one requires. */
final class Layouts {
  static final String CLEAR_VIEW = "clear_view";
  private static final int MAX_TEXT = 10_000;
  private static final int MAX_BITMAP = 1_000_000;
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "text_wall", List.of("text"),
      "double_text_wall", List.of("topText", "bottomText"),
      "reference_card", List.of("title", "text"),
      "dashboard_card", List.of("leftText", "rightText"),
      "bitmap_view", List.of("data"),
      CLEAR_VIEW, List.of());

  private Layouts() {}

  /** Reads and checks {@code layout}; a failure is recorded in {@code fields} and null returned. */
  static ObjectNode read(ObjectNode message, Fields fields) {
    ObjectNode layout = fields.object("layout");
    if (layout == null) {
      return null;
    }
    JsonNode type = layout.get("layoutType");
    List<String> required = type != null && type.isTextual() ? REQUIRED.get(type.asText()) : null;
    if (required == null) {
      return fields.fail("layout.layoutType", "must be one of " + String.join(", ", REQUIRED.keySet().stream()
          .sorted().toList()));
    }
    int max = type.asText().equals("bitmap_view") ? MAX_BITMAP : MAX_TEXT;
    for (String field : required) {
      JsonNode v = layout.get(field);
      if (v == null || !v.isTextual() || v.asText().length() > max) {
        return fields.fail("layout." + field, "is required for " + type.asText() + " and must be a string of at most "
            + max + " characters");
      }
    }
    return layout;
  }

  static ObjectNode clear() {
    return io.switchboard.protocol.Json.object().put("layoutType", CLEAR_VIEW);
  }
}
