package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A scan reads the fields the relay path needs and gives up (null: read it as a tree) on anything
 * but a plain object of a wanted type, so the tree's errors and rules stay the only ones.
 */
class MessageScanTest {
  private static final Set<String> WANTED = Set.of("channel_message");
  private static final Set<String> ACTION = Set.of("action");

  @Test
  void readsTopLevelFieldsAndTheAskedForStringsOfTopLevelObjects() {
    MessageScan m = MessageScan.of("""
        {"type":"channel_message","channelId":"pair-1","n":5,"payload":{"action":"PING","deep":{"action":"x"},
        "list":[1,{"a":2}],"flag":true,"note":"hi"}}""", WANTED::contains, ACTION);
    assertThat(m).isNotNull();
    assertThat(m.type()).isEqualTo("channel_message");
    assertThat(m.string("channelId")).isEqualTo("pair-1");
    assertThat(m.string("n")).as("not a string").isNull();
    assertThat(m.has("n")).isTrue();
    assertThat(m.has("seq")).isFalse();
    assertThat(m.isObject("payload")).isTrue();
    assertThat(m.isObject("channelId")).isFalse();
    assertThat(m.string("payload", "action")).isEqualTo("PING");
    assertThat(m.string("payload", "deep")).as("an object, not a string").isNull();
    assertThat(m.string("payload", "missing")).isNull();
    assertThat(m.string("payload", "flag")).as("not a string").isNull();
    assertThat(m.string("payload", "note")).as("a string not asked for").isNull();
    assertThat(m.string("channelId", "action")).as("channelId is no object").isNull();
  }

  @Test
  void theTypeMayComeLast() {
    MessageScan m = MessageScan.of("{\"channelId\":\"c\",\"payload\":{},\"type\":\"channel_message\"}", WANTED::contains, ACTION);
    assertThat(m).isNotNull();
    assertThat(m.isObject("payload")).isTrue();
  }

  @Test
  void longStringsAreKnownByKindOnly() {
    String big = "x".repeat(300);
    MessageScan m = MessageScan.of("{\"type\":\"channel_message\",\"channelId\":\"" + big + "\",\"payload\":{\"action\":\""
        + big + "\"}}", WANTED::contains, ACTION);
    assertThat(m).isNotNull();
    assertThat(m.has("channelId")).isTrue();
    assertThat(m.string("channelId")).isNull();
    assertThat(m.string("payload", "action")).isNull();
  }

  @Test
  void givesUpOnAnythingButAPlainObjectOfAWantedType() {
    String[] declined = {
        "",
        "not json",
        "[1,2]",
        "\"channel_message\"",
        "null",
        "{\"type\":\"channel_message\",\"payload\":{}",              // cut short
        "{\"type\":\"channel_message\",\"payload\":{}} {}",          // trailing tokens
        "{\"type\":\"channel_message\",\"payload\":{}} x",
        "{\"payload\":{}}",                                         // no type
        "{\"type\":5,\"payload\":{}}",                              // type not a string
        "{\"type\":\"identify\",\"device_type\":\"desktop\"}",      // a type not asked for
        "{\"type\":\"channel_message\",\"channelId\":\"a\",\"channelId\":\"b\"}",   // a field twice
        "{\"type\":\"channel_message\",\"type\":\"channel_message\"}",
        "{\"type\":\"channel_message\",\"payload\":{\"action\":\"A\",\"action\":\"B\"}}",
        "{\"type\":\"channel_message\",\"payload\":{\"n\":01}}",   // not JSON (leading zero)
    };
    for (String text : declined) {
      assertThat(MessageScan.of(text, WANTED::contains, ACTION)).as(text).isNull();
    }
  }

  @Test
  void givesUpOnMoreFieldsThanAScanKeeps() {
    StringBuilder many = new StringBuilder("{\"type\":\"channel_message\",\"payload\":{");
    for (int i = 0; i < 40; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    many.append("}}");
    assertThat(MessageScan.of(many.toString(), WANTED::contains, ACTION)).isNull();
  }
}
