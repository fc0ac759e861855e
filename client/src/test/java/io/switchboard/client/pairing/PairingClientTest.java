package io.switchboard.client.pairing;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ClientClosedException;
import io.switchboard.client.ConnectionFailedException;
import io.switchboard.client.Credentials;
import io.switchboard.client.NotConnectedException;
import io.switchboard.client.ServerErrorException;
import io.switchboard.client.Servers;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's desktop and mobile flow, through the Java client, against a real server. */
class PairingClientTest {
  @TempDir
  static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = Servers.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void desktopAndMobilePairSyncSettingsStateAndAudio() {
    PairingClient desktop = Pairs.client(server, DeviceRole.DESKTOP, "alice", "desktop-session-123");
    PairingClient mobile = Pairs.client(server, DeviceRole.MOBILE, "alice", "mobile-session-456");
    EventLog d = EventLog.of(desktop);
    EventLog m = EventLog.of(mobile);
    String channel = Pairs.pair(desktop, d, mobile, m);
    assertThat(channel).matches("pair-\\d{6}");
    PairingEvent.PeerJoined peer = d.await(PairingEvent.PeerJoined.class);
    assertThat(peer.deviceType()).isEqualTo("mobile");
    assertThat(peer.clientId()).isEqualTo("mobile-session-456");

    get(mobile.syncSettings(Json.object().put("audioGain", 75).put("autoGainEnabled", true)
        .put("chunkDuration", 3.0).put("language", "nl")));
    PairingEvent.SettingsSync settings = d.await(PairingEvent.SettingsSync.class);
    assertThat(settings.channelId()).isEqualTo(channel);
    assertThat(settings.settings().path("audioGain").asInt()).isEqualTo(75);
    assertThat(settings.seq()).isPositive();
    assertThat(desktop.lastSeq()).isEqualTo(settings.seq());

    get(desktop.sendStateUpdate("audioSettings", Json.object().put("audioGain", 60).put("vadEnabled", false)));
    PairingEvent.ChannelMessage update = m.await(PairingEvent.ChannelMessage.class);
    assertThat(update.isStateUpdate()).isTrue();
    assertThat(update.stateType()).isEqualTo("audioSettings");
    assertThat(update.data().path("audioGain").asInt()).isEqualTo(60);
    assertThat(update.seq()).isGreaterThan(settings.seq());

    assertAudioReachesTheDesktop(mobile, d);

    assertThat(get(mobile.ping()).path("type").asText()).isEqualTo("pong");

    get(mobile.close());
    PairingEvent.PeerDisconnected gone = d.await(PairingEvent.PeerDisconnected.class);
    assertThat(gone.deviceType()).isEqualTo("mobile");
    assertThat(gone.sessionId()).isEqualTo("mobile-session-456");
    assertThat(gone.forceDisconnect()).isFalse();
    // Nothing came back to its sender.
    assertThat(d.all(PairingEvent.ChannelMessage.class)).isEmpty();
    assertThat(m.all(PairingEvent.SettingsSync.class)).isEmpty();
    assertThat(failure(mobile.syncSettings(Json.object()))).isInstanceOf(ClientClosedException.class);
    get(desktop.close());
  }

  private static void assertAudioReachesTheDesktop(PairingClient mobile, EventLog d) {
    byte[] audio = {0, 1, 2, 3, 4};
    get(mobile.sendAudioChunk(AudioChunk.of("chunk-001", audio, "webm", 16000)));
    PairingEvent.Audio chunk = d.await(PairingEvent.Audio.class);
    assertThat(chunk.chunk().chunkId()).isEqualTo("chunk-001");
    assertThat(chunk.chunk().bytes()).containsExactly(audio);
    assertThat(chunk.chunk().sampleRate()).isEqualTo(16000);
    get(mobile.sendAudio(new byte[] {9, 8, 7, 6}));
    assertThat(d.await(PairingEvent.AudioBinary.class).data()).containsExactly(9, 8, 7, 6);
  }

  @Test
  void restFailuresCarryTheServersCodeAndStatus() {
    PairingClient mobile = Pairs.client(server, DeviceRole.MOBILE, "dave", "mobile-dave");
    PairingClient desktop = Pairs.client(server, DeviceRole.DESKTOP, "dave", "desktop-dave");
    ServerErrorException format = (ServerErrorException) failure(mobile.pairDevice("12ab"));
    assertThat(format.code()).isEqualTo(ErrorCode.INVALID_CODE_FORMAT);
    assertThat(format.httpStatus()).isEqualTo(400);
    ServerErrorException unknown = (ServerErrorException) failure(mobile.pairDevice("000000"));
    assertThat(unknown.code()).isEqualTo(ErrorCode.CODE_NOT_FOUND);
    assertThat(unknown.httpStatus()).isEqualTo(404);
    assertThat(failure(mobile.generatePairCode())).isInstanceOf(IllegalStateException.class);
    assertThat(failure(desktop.pairDevice("123456"))).isInstanceOf(IllegalStateException.class);

    get(desktop.connect());
    ServerErrorException noChannel = (ServerErrorException) failure(desktop.joinChannel("pair-000000"));
    assertThat(noChannel.code()).isEqualTo(ErrorCode.INVALID_CHANNEL);
    assertThat(desktop.channel()).isNull();
    assertThat(failure(desktop.syncSettings(Json.object()))).isInstanceOf(IllegalStateException.class);
    assertThat(failure(mobile.sendAudio(new byte[] {1}))).isInstanceOf(NotConnectedException.class);

    PairingClient stranger = PairingClient.create(Pairs.options(server, DeviceRole.DESKTOP, "eve", "desk-eve",
        server.pairingPort()).userToken("not-a-jwt").backoff(Pairs.FAST.withMaxRetries(1)).build());
    assertThat(((ServerErrorException) failure(stranger.generatePairCode())).httpStatus()).isEqualTo(401);
    Throwable refused = failure(stranger.connect());
    assertThat(refused).isInstanceOf(ConnectionFailedException.class);
    assertThat(refused.getCause()).isInstanceOf(ServerErrorException.class);
    List.of(mobile, desktop, stranger).forEach(c -> get(c.close()));
  }

  @Test
  void theWsTokenMayTravelAsSubprotocolOrHeader() {
    for (Credentials.Placement placement : List.of(Credentials.Placement.SUBPROTOCOL, Credentials.Placement.HEADER)) {
      PairingClient desktop = PairingClient.create(Pairs.options(server, DeviceRole.DESKTOP, "frank", "desk-f",
          server.pairingPort()).tokenPlacement(placement).build());
      get(desktop.connect());
      assertThat(get(desktop.ping()).path("type").asText()).as(placement.name()).isEqualTo("pong");
      get(desktop.close());
    }
  }

  @Test
  void manyThreadsSendOnOneClientAndThePeerGetsEveryMessageInEachThreadsOrder() throws Exception {
    PairingClient desktop = Pairs.client(server, DeviceRole.DESKTOP, "grace", "desk-g");
    PairingClient mobile = Pairs.client(server, DeviceRole.MOBILE, "grace", "mob-g");
    EventLog d = EventLog.of(desktop);
    EventLog m = EventLog.of(mobile);
    Pairs.pair(desktop, d, mobile, m);
    int threads = 6;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Void>> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      jobs.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          sent.add(desktop.sendChannelMessage(Json.object().put("thread", thread).put("i", i)));
        }
      }));
    }
    for (java.util.concurrent.Future<?> j : jobs) {
      j.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    sent.forEach(io.switchboard.client.Futures::get);
    await().atMost(Duration.ofSeconds(15))
        .until(() -> m.all(PairingEvent.ChannelMessage.class).size() == threads * perThread);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      List<Integer> order = m.all(PairingEvent.ChannelMessage.class).stream()
          .filter(c -> c.payload().path("thread").asInt() == thread).map(c -> c.payload().path("i").asInt()).toList();
      assertThat(order).hasSize(perThread).isSorted();
    }
    List<Long> seqs = m.all(PairingEvent.ChannelMessage.class).stream().map(PairingEvent.ChannelMessage::seq).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    pool.shutdownNow();
    get(desktop.close());
    get(mobile.close());
  }
}
