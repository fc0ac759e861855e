package io.switchboard.client.glasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.Objects;

/**
 * A layout for the glasses' display: {@code {"layoutType": ..., <its text fields>}}. Immutable; the
 * factories build the layouts the server knows, {@link #of} takes any other.
 *
 * <table>
 *   <caption>Layouts</caption>
 *   <tr><th>factory</th><th>layoutType</th><th>fields</th></tr>
 *   <tr><td>{@link #textWall}</td><td>{@code text_wall}</td><td>{@code text}</td></tr>
 *   <tr><td>{@link #doubleTextWall}</td><td>{@code double_text_wall}</td><td>{@code topText}, {@code bottomText}</td></tr>
 *   <tr><td>{@link #referenceCard}</td><td>{@code reference_card}</td><td>{@code title}, {@code text}</td></tr>
 *   <tr><td>{@link #dashboardCard}</td><td>{@code dashboard_card}</td><td>{@code leftText}, {@code rightText}</td></tr>
 *   <tr><td>{@link #bitmap}</td><td>{@code bitmap_view}</td><td>{@code data}</td></tr>
 *   <tr><td>{@link #clear}</td><td>{@code clear_view}</td><td>-</td></tr>
 * </table>
 */
public final class Layout {
  public static final String TEXT_WALL = "text_wall";
  public static final String DOUBLE_TEXT_WALL = "double_text_wall";
  public static final String REFERENCE_CARD = "reference_card";
  public static final String DASHBOARD_CARD = "dashboard_card";
  public static final String BITMAP_VIEW = "bitmap_view";
  public static final String CLEAR_VIEW = "clear_view";

  private final ObjectNode json;

  private Layout(ObjectNode json) {
    this.json = json;
  }

  public static Layout textWall(String text) {
    return build(TEXT_WALL, "text", text);
  }

  public static Layout doubleTextWall(String topText, String bottomText) {
    return build(DOUBLE_TEXT_WALL, "topText", topText, "bottomText", bottomText);
  }

  public static Layout referenceCard(String title, String text) {
    return build(REFERENCE_CARD, "title", title, "text", text);
  }

  public static Layout dashboardCard(String leftText, String rightText) {
    return build(DASHBOARD_CARD, "leftText", leftText, "rightText", rightText);
  }

  /** A bitmap, base64-encoded. */
  public static Layout bitmap(String data) {
    return build(BITMAP_VIEW, "data", data);
  }

  /** Nothing: the view is empty. */
  public static Layout clear() {
    return build(CLEAR_VIEW);
  }

  /** Any layout: a JSON object with a string {@code layoutType} (copied). */
  public static Layout of(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("layoutType").isTextual()) {
      throw new IllegalArgumentException("a layout is a JSON object with a string layoutType");
    }
    return new Layout(((ObjectNode) json).deepCopy());
  }

  private static Layout build(String type, String... fields) {
    ObjectNode n = Json.object().put("layoutType", type);
    for (int i = 0; i < fields.length; i += 2) {
      n.put(fields[i], Objects.requireNonNull(fields[i + 1], fields[i]));
    }
    return new Layout(n);
  }

  /** The {@code layoutType}. */
  public String type() {
    return json.get("layoutType").asText();
  }

  /** A text field of the layout ({@code text}, {@code title}, ...); null when it has none. */
  public String text(String field) {
    JsonNode v = json.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The layout as JSON (a copy). */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l && l.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return Json.write(json);
  }
}
