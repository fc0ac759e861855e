package io.switchboard.profile.glasses;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.error.Fields;
import io.switchboard.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small rules of the glasses profile: address ranges, API keys, subscription matching. */
class GlassesRulesTest {
  @Test
  void addressRulesMatchAddressesAndRangesWithoutAskingDns() {
    assertThat(AddressRules.allows(List.of("10.0.0.0/8"), "10.20.30.40")).isTrue();
    assertThat(AddressRules.allows(List.of("10.0.0.0/8"), "11.0.0.1")).isFalse();
    assertThat(AddressRules.allows(List.of("192.168.1.7"), "192.168.1.7")).isTrue();
    assertThat(AddressRules.allows(List.of("192.168.1.7/32"), "192.168.1.8")).isFalse();
    assertThat(AddressRules.allows(List.of("fd00::/8"), "fd12:3456::1")).isTrue();
    assertThat(AddressRules.allows(List.of("fd00::/8"), "10.0.0.1")).isFalse();
    assertThat(AddressRules.allows(List.of("0.0.0.0/0"), "8.8.8.8")).isTrue();
    assertThat(AddressRules.valid("example.com")).isFalse();
    assertThat(AddressRules.valid("dead.beef")).isFalse();
    assertThat(AddressRules.valid("10.0.0.0/33")).isFalse();
    assertThat(AddressRules.allows(List.of("10.0.0.0/8"), "unknown")).isFalse();
  }

  @Test
  void apiKeysAreRandomAndOnlyTheirHashesCompare() {
    String a = ApiKeys.generate("sbk_");
    String b = ApiKeys.generate("sbk_");
    assertThat(a).startsWith("sbk_").hasSize(47).isNotEqualTo(b);
    assertThat(ApiKeys.hash(a)).hasSize(64).isNotEqualTo(ApiKeys.hash(b));
    assertThat(ApiKeys.matches(a, ApiKeys.hash(a))).isTrue();
    assertThat(ApiKeys.matches(b, ApiKeys.hash(a))).isFalse();
    assertThat(ApiKeys.matches(null, ApiKeys.hash(a))).isFalse();
  }

  @Test
  void subscriptionsMatchExactlyByLanguageAndByWildcard() {
    Subscriptions s = parse("[\"transcription:de-DE\",\"transcription\",{\"stream\":\"location_stream\",\"rate\":\"high\"},"
        + "\"touch_event:double_tap\"]");
    assertThat(s.match(event("transcription", "{\"text\":\"hallo\",\"transcribeLanguage\":\"de-DE\"}")))
        .containsExactly("transcription:de-DE", "transcription");
    assertThat(s.match(event("transcription", "{\"text\":\"hi\"}"))).containsExactly("transcription");
    assertThat(s.match(event("location_update", "{\"lat\":1,\"lng\":2}"))).containsExactly("location_stream");
    assertThat(s.match(event("touch_event", "{\"gesture_name\":\"double_tap\"}"))).containsExactly("touch_event:double_tap");
    assertThat(s.match(event("touch_event", "{\"gesture_name\":\"single_tap\"}"))).isEmpty();
    assertThat(s.wantsAudio()).isFalse();
    assertThat(s.wantsTranscription()).isTrue();
    Subscriptions all = parse("[\"all\",\"button_press\"]");
    assertThat(all.match(event("button_press", "{}"))).containsExactly("button_press");
    assertThat(all.match(event("transcription", "{\"text\":\"x\",\"transcribeLanguage\":\"ja-JP\"}")))
        .containsExactly("transcription:ja-JP");
    assertThat(all.wantsAudio()).isTrue();
  }

  private static Subscriptions parse(String json) {
    Fields f = new Fields(Json.object());
    Subscriptions s = Subscriptions.parse(Json.parseOrNull(json), f);
    assertThat(f.ok()).isTrue();
    return s;
  }

  private static StreamEvent event(String type, String json) {
    return StreamEvent.of(type, (com.fasterxml.jackson.databind.node.ObjectNode) Json.parseOrNull(json), "en-US");
  }
}
