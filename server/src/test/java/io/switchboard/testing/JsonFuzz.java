package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed variants of valid messages, from a seeded random source so that a failure can be
 * replayed: fields removed, added or given values of every JSON type (huge numbers, long and odd
 * strings, nesting), types swapped, text cut short, not JSON at all. Strings never hold lone
 * surrogates: a text frame must stay valid UTF-8 to reach the message handlers.
 */
public final class JsonFuzz {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] STRINGS = {
    "", " ", "null", "0", "-1", "1e400", "NaN", "true", "desktop", "mobile", "pair-000000", "pair-123456",
    "ünïcødé ✓ 🎵", "\u0000\u0001\u001f", "\\\"", "../../etc/passwd", "<script>alert(1)</script>",
    "'; DROP TABLE devices; --", "%s%n%x", "\r\n\t", "a".repeat(129), "b".repeat(5000),
  };

  private final Random random;

  public JsonFuzz(long seed) {
    this.random = new Random(seed);
  }

  /** One frame's text: a mutation of {@code valid}, or now and then no JSON object at all. */
  public String text(ObjectNode valid, List<String> knownTypes) {
    int roll = random.nextInt(100);
    if (roll < 4) {
      String json = Json.write(mutate(valid, knownTypes));
      return json.substring(0, random.nextInt(json.length()));
    }
    if (roll < 7) {
      return Json.write(value(0));
    }
    if (roll < 9) {
      return nested(200 + random.nextInt(2000));
    }
    if (roll < 11) {
      return pick(STRINGS) + "{";
    }
    return Json.write(mutate(valid, knownTypes));
  }

  /** Random bytes for a binary frame. */
  public byte[] bytes() {
    byte[] b = new byte[random.nextInt(2048)];
    random.nextBytes(b);
    return b;
  }

  public boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  public <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private String pick(String[] items) {
    return items[random.nextInt(items.length)];
  }

  private ObjectNode mutate(ObjectNode valid, List<String> knownTypes) {
    ObjectNode m = valid.deepCopy();
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      List<String> names = new ArrayList<>();
      m.fieldNames().forEachRemaining(names::add);
      switch (random.nextInt(6)) {
        case 0 -> {
          if (!names.isEmpty()) {
            m.set(pick(names), value(0));
          }
        }
        case 1 -> {
          if (!names.isEmpty()) {
            m.remove(pick(names));
          }
        }
        case 2 -> m.set(random.nextBoolean() ? pick(STRINGS) : pick(names.isEmpty() ? List.of("x") : names) + "_",
            value(0));
        case 3 -> m.set("type", random.nextInt(3) == 0 ? value(0) : F.textNode(pick(knownTypes)));
        case 4 -> {
          // A nested object of the template (payload, settings, device_info) gets the same treatment.
          for (String n : names) {
            if (m.get(n) instanceof ObjectNode inner) {
              m.set(n, mutate(inner, knownTypes));
              break;
            }
          }
        }
        default -> {
          if (!names.isEmpty()) {
            String n = pick(names);
            m.set(n, F.textNode(m.get(n).isTextual() ? m.get(n).asText() + pick(STRINGS) : pick(STRINGS)));
          }
        }
      }
    }
    return m;
  }

  private JsonNode value(int depth) {
    switch (random.nextInt(depth > 2 ? 9 : 11)) {
      case 0: return F.nullNode();
      case 1: return F.booleanNode(random.nextBoolean());
      case 2: return F.numberNode(random.nextInt());
      case 3: return F.numberNode(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
      case 4: return F.numberNode(random.nextBoolean() ? -0.0 : random.nextDouble() * 1e300);
      case 5: return F.numberNode(new BigInteger("9".repeat(1 + random.nextInt(400))));
      case 6: return F.numberNode(new BigDecimal("1e" + (random.nextInt(2000) - 1000)));
      case 7: return F.textNode(pick(STRINGS));
      case 8: return F.textNode(Integer.toString(random.nextInt(2_000_000) - 1_000_000));
      case 9: {
        ArrayNode a = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(value(depth + 1));
        }
        return a;
      }
      default: {
        ObjectNode o = F.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(pick(STRINGS), value(depth + 1));
        }
        return o;
      }
    }
  }

  private static String nested(int depth) {
    return "{\"type\":\"channel_message\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }
}
