package io.switchboard.client.glasses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Futures;
import io.switchboard.client.Servers;
import io.switchboard.protocol.Json;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AppClient and GlassesClient together against a real server; the app runs in a Java app server. */
@Timeout(90)
class AppClientTest {
  static final String PKG = "com.example.captions";
  static final Duration WAIT = Duration.ofSeconds(Futures.WAIT_SECONDS);

  @TempDir
  Path dataDir;
  TestServer server;
  GlassesDriver driver;

  @BeforeEach
  void start() {
    server = Servers.start(dataDir);
    driver = new GlassesDriver(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static <T> T next(LinkedBlockingQueue<T> queue, Predicate<T> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T t = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (t == null) {
        throw new AssertionError("nothing wanted arrived within " + WAIT);
      }
      if (wanted.test(t)) {
        return t;
      }
    }
  }

  private void awaitRouted(String user, String... streams) {
    Awaitility.await().atMost(WAIT).until(() -> server.server().glasses().subscriptions(user, PKG)
        .equals(List.of(streams)));
  }

  @Test
  void appGetsTranscriptionsAndAudioAndPutsLayoutsOnTheGlassesUntilStopped() throws Exception {
    LinkedBlockingQueue<Transcription> heard = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<DataStream> streams = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<byte[]> audio = new LinkedBlockingQueue<>();
    CompletableFuture<AppStopped> stopped = new CompletableFuture<>();
    try (JavaAppServer appServer = new JavaAppServer(PKG, app -> {
      app.onTranscription("en-US", heard::add);
      app.onAnyDataStream(streams::add);
      app.onAudio(audio::add);
      app.onStopped(stopped::complete);
      app.subscribe(Subscription.transcription("en-US"), Subscription.of("location_stream", "standard"));
    })) {
      appServer.apiKey(driver.createApp(PKG, appServer.url()));
      GlassesClient glasses = GlassesClient.create(GlassesClientTest.options(server, server.userToken("ann")).build());
      LinkedBlockingQueue<AppStateChange> states = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<DisplayEvent> displays = new LinkedBlockingQueue<>();
      glasses.onAppStateChange(states::add);
      glasses.onDisplay(displays::add);
      Futures.get(glasses.connect());

      glasses.startApp(PKG);
      AppClient app = appServer.awaitSession();
      assertThat(app.sessionId()).isEqualTo("ann-" + PKG);
      assertThat(app.userId()).isEqualTo("ann");
      assertThat(app.state()).isEqualTo(ConnectionState.CONNECTED);
      AppStateChange active = next(states, s -> s.status() == AppStatus.ACTIVE);
      assertThat(active.packageName()).isEqualTo(PKG);
      assertThat(active.session().activeApps()).containsExactly(PKG);
      assertThat(glasses.session().activeApps()).containsExactly(PKG);
      awaitRouted("ann", "transcription:en-US", "location_stream");

      // Glasses → app: by exact subscription string; another language does not match it.
      glasses.sendTranscription("bonjour", "fr-FR");
      glasses.sendTranscription(new Transcription("hello world", "en-US", false));
      glasses.sendLocation(52.52, 13.40);
      Transcription t = next(heard, x -> true);
      assertThat(t).isEqualTo(new Transcription("hello world", "en-US", false));
      DataStream first = next(streams, x -> true);
      assertThat(first.streamType()).isEqualTo("transcription:en-US");
      assertThat(first.sessionId()).isEqualTo(app.sessionId());
      DataStream location = next(streams, x -> true);
      assertThat(location.streamType()).isEqualTo("location_stream");
      assertThat(location.data().get("lat").asDouble()).isEqualTo(52.52);

      // App → glasses: a text wall, then a card that expires.
      app.showTextWall("Heard: hello world");
      DisplayEvent wall = next(displays, d -> "Heard: hello world".equals(d.layout().text("text")));
      assertThat(wall.view()).isEqualTo(View.MAIN);
      assertThat(wall.packageName()).isEqualTo(PKG);
      assertThat(wall.layout().type()).isEqualTo(Layout.TEXT_WALL);
      assertThat(wall.duration()).isNull();
      app.display(Layout.referenceCard("Note", "Buy milk"), View.MAIN, Duration.ofSeconds(30));
      DisplayEvent card = next(displays, d -> Layout.REFERENCE_CARD.equals(d.layout().type()));
      assertThat(card.layout()).isEqualTo(Layout.referenceCard("Note", "Buy milk"));
      assertThat(card.duration()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));

      // Audio reaches the app once it subscribes to audio_chunk.
      app.subscribe("transcription:en-US", Subscription.AUDIO);
      awaitRouted("ann", "transcription:en-US", "audio_chunk");
      byte[] pcm = new byte[3200];
      pcm[0] = 7;
      pcm[3199] = 9;
      Futures.get(glasses.sendAudio(pcm));
      assertThat(next(audio, x -> true)).isEqualTo(pcm);

      // The user stops the app: app_stopped ends the client, the webhook gets the stop_request.
      glasses.stopApp(PKG);
      assertThat(Futures.get(stopped).reason()).isEqualTo("user_disabled");
      StopRequest stop = appServer.awaitStop();
      assertThat(stop.sessionId()).isEqualTo(app.sessionId());
      assertThat(stop.reason()).isEqualTo("user_disabled");
      assertThat(next(states, s -> s.status() == AppStatus.STOPPED).packageName()).isEqualTo(PKG);
      Awaitility.await().atMost(WAIT).until(() -> app.state() == ConnectionState.CLOSED);
      Futures.get(glasses.close());
    }
  }

  @Test
  void refusalsFailConnectWithTheirCodeAndCloseTheClient() throws Exception {
    try (FakeAppServer webhooks = new FakeAppServer()) {
      String key = driver.createApp(PKG, webhooks.url());
      String otherKey = driver.createApp("com.example.other", webhooks.url());
      GlassesClient glasses = GlassesClient.create(GlassesClientTest.options(server, server.userToken("bo")).build());
      Futures.get(glasses.connect());
      glasses.startApp(PKG);
      SessionRequest request = (SessionRequest) WebhookRequest.parse(Json.write(webhooks.await("session_request")));
      assertThat(request.sessionId()).isEqualTo("bo-" + PKG);

      assertRefused(AppOptions.builder(request, PKG, "sbk_wrong").build(), AppConnectionException.INVALID_API_KEY);
      assertRefused(AppOptions.builder(request, PKG, otherKey).build(), AppConnectionException.INVALID_API_KEY);
      assertRefused(AppOptions.builder(request, "com.example.nope", key).build(),
          AppConnectionException.UNKNOWN_PACKAGE);
      String hub = "http://127.0.0.1:" + server.httpPort();
      assertRefused(AppOptions.builder(hub, "nobody-" + PKG, PKG, key).build(), AppConnectionException.NO_ACTIVE_SESSION);
      assertRefused(AppOptions.builder(hub, "bo-com.example.other", "com.example.other", otherKey).build(),
          AppConnectionException.APP_NOT_STARTED);

      // The right key still works for the session that was asked for.
      AppClient app = AppClient.create(AppOptions.builder(request, PKG, key).build());
      Futures.get(app.connect());
      Futures.get(app.close());
      Futures.get(glasses.close());
    }
  }

  private static void assertRefused(AppOptions options, String code) {
    AppClient app = AppClient.create(options);
    Throwable failure = Futures.failure(app.connect());
    assertThat(failure).isInstanceOf(AppConnectionException.class);
    AppConnectionException refused = (AppConnectionException) failure;
    assertThat(refused.code()).isEqualTo(code);
    assertThat(refused.permanent()).isTrue();
    Awaitility.await().atMost(WAIT).until(() -> app.state() == ConnectionState.CLOSED);
    assertThat(Futures.failure(app.connect())).isInstanceOf(AppConnectionException.class);
  }

  @Test
  void aNewerConnectionForTheSameSessionEndsTheOlderClient() throws Exception {
    try (FakeAppServer webhooks = new FakeAppServer()) {
      String key = driver.createApp(PKG, webhooks.url());
      GlassesClient glasses = GlassesClient.create(GlassesClientTest.options(server, server.userToken("cai")).build());
      Futures.get(glasses.connect());
      glasses.startApp(PKG);
      SessionRequest request = (SessionRequest) WebhookRequest.parse(webhooks.await("session_request"));
      AppClient older = AppClient.create(AppOptions.builder(request, PKG, key).build());
      CompletableFuture<AppStopped> ended = new CompletableFuture<>();
      older.onStopped(ended::complete);
      Futures.get(older.connect());

      AppClient newer = AppClient.create(AppOptions.builder(request, PKG, key).build());
      Futures.get(newer.connect());
      assertThat(Futures.get(ended).reason()).isEqualTo("Replaced by a newer connection");
      Awaitility.await().atMost(WAIT).until(() -> older.state() == ConnectionState.CLOSED);
      LinkedBlockingQueue<DisplayEvent> displays = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<AppStateChange> states = new LinkedBlockingQueue<>();
      glasses.onDisplay(displays::add);
      glasses.onAppStateChange(states::add);
      newer.display(Layout.doubleTextWall("top", "bottom"));
      assertThat(next(displays, d -> true).layout().text("bottomText")).isEqualTo("bottom");
      assertThat(newer.state()).isEqualTo(ConnectionState.CONNECTED);

      // Released, the app is not started again when its socket closes.
      Futures.get(newer.release("done for today"));
      assertThat(newer.state()).isEqualTo(ConnectionState.CLOSED);
      AppStateChange released = next(states, s -> s.status() == AppStatus.FAILED);
      assertThat(released.error()).isEqualTo("The app released its session");
      Futures.get(glasses.close());
    }
  }

  @Test
  void webhookBodiesAreRead() {
    WebhookRequest start = WebhookRequest.parse("{\"type\":\"session_request\",\"sessionId\":\"u-1-com.x\","
        + "\"userId\":\"u-1\",\"timestamp\":\"2026-05-01T09:00:00.000Z\",\"augmentOSWebsocketUrl\":\"wss://hub/app-ws\"}");
    assertThat(start).isEqualTo(new SessionRequest("u-1-com.x", "u-1", java.net.URI.create("wss://hub/app-ws"),
        "2026-05-01T09:00:00.000Z"));
    WebhookRequest stop = WebhookRequest.parse("{\"type\":\"stop_request\",\"sessionId\":\"u-1-com.x\","
        + "\"userId\":\"u-1\",\"reason\":\"user_disabled\"}");
    assertThat(stop).isEqualTo(new StopRequest("u-1-com.x", "u-1", "user_disabled", null));
    assertThatThrownBy(() -> WebhookRequest.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookRequest.parse("{\"type\":\"session_request\",\"sessionId\":\"s\",\"userId\":\"u\","
        + "\"mentraOSWebsocketUrl\":\"http://hub\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookRequest.parse("{\"type\":\"other\",\"sessionId\":\"s\",\"userId\":\"u\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookRequest.parse("{\"type\":\"stop_request\",\"userId\":\"u\"}"))
        .hasMessageContaining("sessionId");
  }
}
