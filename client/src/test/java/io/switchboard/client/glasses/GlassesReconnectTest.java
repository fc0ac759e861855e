package io.switchboard.client.glasses;

import static io.switchboard.client.glasses.AppClientTest.WAIT;
import static io.switchboard.client.glasses.AppClientTest.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Futures;
import io.switchboard.client.Servers;
import io.switchboard.client.StateChange;
import io.switchboard.client.TcpProxy;
import io.switchboard.testing.FakeAppServer;
import io.switchboard.testing.GlassesDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links cut by a TCP proxy while the server stays up: the glasses come back to the same session
 * with their app still running; an app comes back to its session with its subscriptions.
 */
@Timeout(90)
class GlassesReconnectTest {
  static final String PKG = "com.example.notes";

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

  @Test
  void glassesReconnectWithinTheGraceToTheSameSessionAndDisplay() throws Exception {
    LinkedBlockingQueue<Transcription> heard = new LinkedBlockingQueue<>();
    try (TcpProxy proxy = TcpProxy.start(server.httpPort());
        JavaAppServer appServer = new JavaAppServer(PKG, app -> {
          app.onTranscription("en-US", heard::add);
          app.subscribe(Subscription.transcription("en-US"));
        })) {
      appServer.apiKey(driver.createApp(PKG, appServer.url()));
      GlassesClient glasses = GlassesClient.create(GlassesOptions.builder("ws://127.0.0.1:" + proxy.port() + "/glasses-ws")
          .userToken(server.userToken("dee-dee@example.com")).backoff(GlassesClientTest.FAST).build());
      LinkedBlockingQueue<DisplayEvent> displays = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<StateChange> changes = new LinkedBlockingQueue<>();
      glasses.onDisplay(displays::add);
      glasses.onStateChange(changes::add);
      String sessionId = Futures.get(glasses.connect()).sessionId();
      glasses.startApp(PKG);
      AppClient app = appServer.awaitSession();
      Awaitility.await().atMost(WAIT).until(() -> server.server().glasses().subscriptions("dee-dee@example.com", PKG)
          .equals(List.of("transcription:en-US")));
      app.showTextWall("before the cut");
      next(displays, d -> "before the cut".equals(d.layout().text("text")));

      proxy.stop();
      next(changes, c -> c.current() == ConnectionState.RECONNECTING);
      Awaitility.await().atMost(WAIT).until(() -> server.server().glasses().glassesGoneSince("dee-dee@example.com")
          != null);
      proxy.restart();
      next(changes, c -> c.current() == ConnectionState.CONNECTED);

      assertThat(glasses.sessionId()).isEqualTo(sessionId).isEqualTo("dee-dee@example.com");
      assertThat(glasses.session().activeApps()).containsExactly(PKG);
      // The server shows the reconnected glasses what the view holds.
      next(displays, d -> "before the cut".equals(d.layout().text("text")));
      glasses.sendTranscription("after the cut", "en-US");
      assertThat(next(heard, t -> true).text()).isEqualTo("after the cut");
      app.showTextWall("still here");
      next(displays, d -> "still here".equals(d.layout().text("text")));
      assertThat(app.state()).isEqualTo(ConnectionState.CONNECTED);
      Futures.get(glasses.close());
    }
  }

  @Test
  void anAppReconnectsToItsSessionAfterItsLinkWasCut() throws Exception {
    try (FakeAppServer webhooks = new FakeAppServer(); TcpProxy proxy = TcpProxy.start(server.httpPort())) {
      String key = driver.createApp(PKG, webhooks.url());
      GlassesClient glasses = GlassesClient.create(GlassesClientTest.options(server, server.userToken("eli")).build());
      LinkedBlockingQueue<AppStateChange> states = new LinkedBlockingQueue<>();
      glasses.onAppStateChange(states::add);
      Futures.get(glasses.connect());
      glasses.startApp(PKG);
      SessionRequest request = (SessionRequest) WebhookRequest.parse(webhooks.await("session_request"));
      AppClient app = AppClient.create(AppOptions.builder("ws://127.0.0.1:" + proxy.port() + "/app-ws",
          request.sessionId(), PKG, key).backoff(GlassesClientTest.FAST).build());
      LinkedBlockingQueue<DataStream> streams = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<StateChange> changes = new LinkedBlockingQueue<>();
      app.onDataStream("button_press", streams::add);
      app.onStateChange(changes::add);
      app.subscribe("button_press");
      Futures.get(app.connect());
      next(states, s -> s.status() == AppStatus.ACTIVE);
      Awaitility.await().atMost(WAIT).until(() -> server.server().glasses().subscriptions("eli", PKG)
          .equals(List.of("button_press")));

      proxy.stop();
      next(changes, c -> c.current() == ConnectionState.RECONNECTING);
      next(states, s -> s.status() == AppStatus.LOADING);
      proxy.restart();
      next(changes, c -> c.current() == ConnectionState.CONNECTED);
      next(states, s -> s.status() == AppStatus.ACTIVE);

      glasses.sendButtonPress("main", "long");
      DataStream press = next(streams, d -> true);
      assertThat(press.data().get("pressType").asText()).isEqualTo("long");
      assertThat(app.subscriptions()).containsExactly(Subscription.of("button_press"));
      Futures.get(app.close());
      Futures.get(glasses.close());
    }
  }
}
