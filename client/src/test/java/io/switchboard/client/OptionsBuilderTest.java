package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.assistant.AssistantOptions;
import io.switchboard.client.glasses.AppOptions;
import io.switchboard.client.glasses.GlassesOptions;
import io.switchboard.client.nexus.NexusCredentials;
import io.switchboard.client.nexus.NexusOptions;
import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairingOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The settings every options builder shares: their defaults, setters and alternate URLs, per options class. */
class OptionsBuilderTest {
  private static final Executor INLINE = Runnable::run;
  private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 3);

  private static void assertKeepalive(Keepalive k, Keepalive.Mode mode) {
    assertThat(k.mode()).isEqualTo(mode);
    assertThat(k.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(k.timeout()).isEqualTo(Duration.ofSeconds(5));
  }


  private static void assertSharedDefaults(SocketSettings s) {
    assertThat(s.maxQueuedMessages()).isEqualTo(1000);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.callbackExecutor()).isNull();
    assertThat(s.alternateUrls()).isEmpty();
  }

  @Test
  void appOptionsKeepTheirDefaultsAndTakeAlternatesAsTheHubUrl() {
    AppOptions d = AppOptions.builder("http://hub:8000", "s1-com.example.app", "com.example.app", "sbk_1").build();
    assertSharedDefaults(d);
    assertThat(d.url()).isEqualTo(URI.create("ws://hub:8000/tpa-ws"));
    assertThat(d.backoff()).isEqualTo(Backoff.defaults());
    assertKeepalive(d.keepalive(), Keepalive.Mode.FRAMES);
    assertThat(d.ackTimeout()).isEqualTo(Duration.ofSeconds(10));

    AppOptions o = AppOptions.builder("http://hub:8000", "s1-com.example.app", "com.example.app", "sbk_1")
        .alternateUrl("https://node-b:8443").alternateUrl("ws://node-c:8000/custom")
        .backoff(FAST).keepalive(Keepalive.off()).maxQueuedMessages(7).ackTimeout(Duration.ofSeconds(3))
        .connectTimeout(Duration.ofSeconds(4)).callbackExecutor(INLINE).build();
    assertThat(o.alternateUrls()).containsExactly(URI.create("wss://node-b:8443/tpa-ws"),
        URI.create("ws://node-c:8000/custom"));
    assertThat(o.backoff()).isEqualTo(FAST);
    assertThat(o.keepalive()).isEqualTo(Keepalive.off());
    assertThat(o.maxQueuedMessages()).isEqualTo(7);
    assertThat(o.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.callbackExecutor()).isSameAs(INLINE);
  }

  @Test
  void glassesOptionsKeepTheirDefaultsAndTakeAlternatesAsTheHubUrl() {
    GlassesOptions d = GlassesOptions.builder("http://hub:8000").userToken("jwt").build();
    assertSharedDefaults(d);
    assertThat(d.url()).isEqualTo(URI.create("ws://hub:8000/glasses-ws"));
    assertThat(d.backoff()).isEqualTo(Backoff.defaults());
    assertKeepalive(d.keepalive(), Keepalive.Mode.FRAMES);
    assertThat(d.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.tokenPlacement()).isEqualTo(Credentials.Placement.HEADER);
    assertThat(d.userToken().get().toCompletableFuture().join()).isEqualTo("jwt");

    GlassesOptions o = GlassesOptions.builder("http://hub:8000").alternateUrl("http://node-b:8000")
        .userToken(() -> CompletableFuture.completedFuture("fresh"))
        .tokenPlacement(Credentials.Placement.QUERY).backoff(FAST).maxQueuedMessages(0).build();
    assertThat(o.alternateUrls()).containsExactly(URI.create("ws://node-b:8000/glasses-ws"));
    assertThat(o.userToken().get().toCompletableFuture().join()).isEqualTo("fresh");
    assertThat(o.credentials().placement()).isEqualTo(Credentials.Placement.QUERY);
    assertThat(o.backoff()).isEqualTo(FAST);
    assertThat(o.maxQueuedMessages()).isZero();
    assertThatThrownBy(() -> GlassesOptions.builder("http://hub:8000").build()).isInstanceOf(NullPointerException.class);
  }

  @Test
  void pairingOptionsKeepTheirDefaultsAndTakeAlternatesAsBaseUrls() {
    PairingOptions d = PairingOptions.builder("http://hub:8089", DeviceRole.DESKTOP).userToken("jwt").build();
    assertThat(d.maxQueuedMessages()).isEqualTo(1000);
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.callbackExecutor()).isNull();
    assertThat(d.alternateUrls()).isEmpty();
    assertThat(d.backoff()).isEqualTo(Backoff.defaults());
    assertKeepalive(d.keepalive(), Keepalive.Mode.JSON);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.tokenPlacement()).isEqualTo(Credentials.Placement.QUERY);
    assertThat(d.sessionId()).startsWith(DeviceRole.DESKTOP.wire() + "-");

    PairingOptions o = PairingOptions.builder("http://hub:8089", DeviceRole.MOBILE).userToken("jwt")
        .wsUrl("ws://hub:8089/ws?v=2").alternateUrl("https://node-b:8443").connectTimeout(Duration.ofSeconds(2))
        .callbackExecutor(INLINE).build();
    assertThat(o.alternateUrls()).containsExactly(URI.create("https://node-b:8443"));
    assertThat(o.alternateWsUrls()).containsExactly(URI.create("wss://node-b:8443/ws?v=2"));
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.callbackExecutor()).isSameAs(INLINE);
  }

  @Test
  void assistantOptionsKeepTheSeedsDefaults() {
    AssistantOptions d = AssistantOptions.builder("ws://hub:8000/ws").build();
    assertSharedDefaults(d);
    assertThat(d.backoff()).isEqualTo(AssistantOptions.SEED_BACKOFF);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.userToken()).isNull();
    assertThat(d.credentials().placement()).isEqualTo(Credentials.Placement.NONE);

    AssistantOptions o = AssistantOptions.builder("ws://hub:8000/ws").alternateUrl("ws://node-b:8000/ws")
        .userToken("jwt").maxReconnectAttempts(Backoff.FOREVER).keepalive(Duration.ofSeconds(9), Duration.ofSeconds(2))
        .build();
    assertThat(o.alternateUrls()).containsExactly(URI.create("ws://node-b:8000/ws"));
    assertThat(o.backoff()).isEqualTo(AssistantOptions.SEED_BACKOFF.withMaxRetries(Backoff.FOREVER));
    assertThat(o.keepalive().interval()).isEqualTo(Duration.ofSeconds(9));
    assertThat(o.keepalive().ping().apply(1).toString()).isEqualTo("{\"type\":\"ping\"}");
    assertThat(o.credentials().placement()).isEqualTo(Credentials.Placement.HEADER);
  }

  @Test
  void nexusOptionsKeepTheSeedsDefaults() {
    NexusCredentials key = NexusCredentials.apiKey("sk-1");
    NexusOptions d = NexusOptions.builder("ws://hub:8000/", key).build();
    assertSharedDefaults(d);
    assertThat(d.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Backoff.FOREVER));
    assertKeepalive(d.keepalive(), Keepalive.Mode.JSON);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(60));

    NexusOptions o = NexusOptions.builder("ws://hub:8000/", key).alternateUrl("ws://node-b:8000/")
        .reconnectInterval(Duration.ofSeconds(2)).maxReconnectAttempts(4)
        .keepalive(Duration.ofSeconds(9), Duration.ofSeconds(2)).maxQueuedMessages(3).build();
    assertThat(o.alternateUrls()).containsExactly(URI.create("ws://node-b:8000/"));
    assertThat(o.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 4));
    assertThat(o.keepalive().ping().apply(1).path("id").asText()).isEqualTo("keepalive-1");
    assertThat(o.maxQueuedMessages()).isEqualTo(3);
  }

  @Test
  void socketOptionsTakeAlternatesAsStringsOrUrisAndRoundTrip() {
    SocketOptions d = SocketOptions.builder("ws://hub:8089/ws").build();
    assertThat(d.backoff()).isEqualTo(Backoff.defaults());
    assertKeepalive(d.keepalive(), Keepalive.Mode.FRAMES);
    assertThat(d.maxQueuedMessages()).isEqualTo(1000);
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(10));

    SocketOptions o = SocketOptions.builder("ws://hub:8089/ws").alternateUrl("ws://node-b:8089/ws")
        .alternateUrl(URI.create("ws://node-c:8089/ws")).backoff(FAST).callbackExecutor(INLINE).build();
    assertThat(o.endpoints()).containsExactly(URI.create("ws://hub:8089/ws"), URI.create("ws://node-b:8089/ws"),
        URI.create("ws://node-c:8089/ws"));
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.toBuilder().alternateUrls(List.of(URI.create("ws://node-d:8089/ws"))).build().alternateUrls())
        .containsExactly(URI.create("ws://node-d:8089/ws"));
  }
}
