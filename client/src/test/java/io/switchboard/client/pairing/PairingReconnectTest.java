package io.switchboard.client.pairing;

import static io.switchboard.client.Futures.failure;
import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.Servers;
import io.switchboard.client.StateChange;
import io.switchboard.client.TcpProxy;
import io.switchboard.config.Keys;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staying paired across connection loss. Two different outages, two different honest outcomes:
 * the client's link drops while the server stays up (the pair resumes, state and missed messages
 * come back, the queue is delivered), and the server restarts (channels live in its memory, so the
 * channel is gone: both clients reconnect, are told INVALID_CHANNEL, say so, and can pair again).
 */
class PairingReconnectTest {
  @TempDir
  Path dataDir;

  @Test
  void whenTheLinkDropsButTheServerStaysUpThePairResumesWithItsStateAndTheQueueIsDelivered() {
    try (TestServer server = Servers.start(dataDir); TcpProxy proxy = TcpProxy.start(server.pairingPort())) {
      PairingClient desktop = PairingClient.create(
          Pairs.options(server, DeviceRole.DESKTOP, "carol", "desk-c", proxy.port()).build());
      PairingClient mobile = Pairs.client(server, DeviceRole.MOBILE, "carol", "mob-c");
      EventLog d = EventLog.of(desktop);
      EventLog m = EventLog.of(mobile);
      List<StateChange> desktopStates = new CopyOnWriteArrayList<>();
      desktop.onStateChange(desktopStates::add);
      String channel = Pairs.pair(desktop, d, mobile, m);
      get(mobile.syncSettings(Json.object().put("audioGain", 10)));
      d.await(PairingEvent.SettingsSync.class, s -> s.settings().path("audioGain").asInt() == 10);
      get(desktop.sendStateUpdate("ui", Json.object().put("page", "home")));
      m.await(PairingEvent.ChannelMessage.class);
      long seenBeforeDrop = desktop.lastSeq();

      proxy.stop();
      List<CompletableFuture<Void>> queued = whileTheDesktopIsAway(desktop, desktopStates, mobile, m);
      proxy.restart();

      PairingEvent.ChannelMessage missed = assertResumedInSync(d, channel, seenBeforeDrop);
      assertQueueDeliveredInOrder(queued, m);
      assertThat(d.all(PairingEvent.SettingsSync.class)).hasSize(2);
      assertThat(d.all(PairingEvent.ChannelMessage.class)).hasSize(1);
      assertThat(d.all(PairingEvent.ChannelLost.class)).isEmpty();
      assertThat(desktop.channel()).isEqualTo(channel);
      assertThat(desktop.lastSeq()).isEqualTo(missed.seq());
      get(desktop.close());
      get(mobile.close());
    }
  }

  /** The mobile changes things and the desktop app keeps sending, which queues. */
  private static List<CompletableFuture<Void>> whileTheDesktopIsAway(PairingClient desktop,
      List<StateChange> desktopStates, PairingClient mobile, EventLog m) {
    m.await(PairingEvent.PeerDisconnected.class, p -> p.deviceType().equals("desktop"));
    await().atMost(Duration.ofSeconds(5)).until(() -> desktop.state() != ConnectionState.CONNECTED);
    get(mobile.syncSettings(Json.object().put("audioGain", 42)));
    get(mobile.sendStateUpdate("audioSettings", Json.object().put("vadEnabled", true)));
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(desktop.sendStateUpdate("transcript", Json.object().put("line", i)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> desktopStates.stream()
        .anyMatch(c -> c.current() == ConnectionState.RECONNECTING && c.attempt() >= 2));
    assertThat(queued).noneMatch(CompletableFuture::isDone);
    return queued;
  }

  /** The rejoin brings the channel's state, then what was relayed after last_seq, once. */
  private static PairingEvent.ChannelMessage assertResumedInSync(EventLog d, String channel, long seenBeforeDrop) {
    PairingEvent.Joined back = d.await(PairingEvent.Joined.class, j -> j.settings().path("audioGain").asInt() == 42);
    assertThat(back.channel()).isEqualTo(channel);
    assertThat(back.paired()).isTrue();
    assertThat(back.states().path("audioSettings").path("data").path("vadEnabled").asBoolean()).isTrue();
    d.await(PairingEvent.SettingsSync.class, s -> s.settings().path("audioGain").asInt() == 42);
    PairingEvent.ChannelMessage missed = d.await(PairingEvent.ChannelMessage.class);
    assertThat(missed.stateType()).isEqualTo("audioSettings");
    assertThat(missed.seq()).isGreaterThan(seenBeforeDrop);
    return missed;
  }

  private static void assertQueueDeliveredInOrder(List<CompletableFuture<Void>> queued, EventLog m) {
    queued.forEach(io.switchboard.client.Futures::get);
    for (int i = 0; i < 3; i++) {
      int line = i;
      m.await(PairingEvent.ChannelMessage.class, c -> "transcript".equals(c.stateType())
          && c.data().path("line").asInt() == line);
    }
    List<Integer> lines = m.all(PairingEvent.ChannelMessage.class).stream()
        .filter(c -> "transcript".equals(c.stateType())).map(c -> c.data().path("line").asInt()).toList();
    assertThat(lines).containsExactly(0, 1, 2);
    m.await(PairingEvent.PeerJoined.class, p -> p.deviceType().equals("desktop"));
  }

  @Test
  void whenTheServerRestartsOnTheSamePortsBothClientsReconnectAndReportTheLostChannel() {
    TestServer first = Servers.start(dataDir);
    int httpPort = first.httpPort();
    int pairingPort = first.pairingPort();
    PairingClient desktop = Pairs.client(first, DeviceRole.DESKTOP, "heidi", "desk-h");
    PairingClient mobile = Pairs.client(first, DeviceRole.MOBILE, "heidi", "mob-h");
    EventLog d = EventLog.of(desktop);
    EventLog m = EventLog.of(mobile);
    List<StateChange> desktopStates = new CopyOnWriteArrayList<>();
    List<StateChange> mobileStates = new CopyOnWriteArrayList<>();
    desktop.onStateChange(desktopStates::add);
    mobile.onStateChange(mobileStates::add);
    String channel = Pairs.pair(desktop, d, mobile, m);
    get(desktop.syncSettings(Json.object().put("audioGain", 30)));
    m.await(PairingEvent.SettingsSync.class);

    first.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> desktop.state() != ConnectionState.CONNECTED
        && mobile.state() != ConnectionState.CONNECTED);
    CompletableFuture<Void> queuedForTheOldChannel = desktop.sendStateUpdate("ui", Json.object().put("page", "x"));
    await().atMost(Duration.ofSeconds(5)).until(() -> desktopStates.stream()
        .anyMatch(c -> c.current() == ConnectionState.RECONNECTING && c.attempt() >= 2));

    try (TestServer second = Servers.start(dataDir, Map.of(Keys.HTTP_PORT, String.valueOf(httpPort),
        Keys.PAIRING_PORT, String.valueOf(pairingPort)))) {
      assertThat(second.pairingPort()).isEqualTo(pairingPort);
      assertChannelLost(d, channel);
      assertChannelLost(m, channel);
      Throwable dropped = failure(queuedForTheOldChannel);
      assertThat(dropped).isInstanceOf(ChannelLostException.class);
      assertThat(((ChannelLostException) dropped).code()).isEqualTo(ErrorCode.INVALID_CHANNEL);
      await().atMost(Duration.ofSeconds(10)).until(() -> desktop.state() == ConnectionState.CONNECTED
          && mobile.state() == ConnectionState.CONNECTED);
      assertThat(desktop.channel()).isNull();
      assertThat(mobile.channel()).isNull();
      for (List<StateChange> states : List.of(desktopStates, mobileStates)) {
        assertThat(states).filteredOn(c -> c.current() == ConnectionState.RECONNECTING)
            .isNotEmpty().allSatisfy(c -> assertThat(c.delay()).isLessThanOrEqualTo(Pairs.FAST.cap(c.attempt())));
      }

      // The same clients pair again on the new server and talk.
      Pairs.pair(desktop, d, mobile, m);
      get(mobile.syncSettings(Json.object().put("audioGain", 55)));
      d.await(PairingEvent.SettingsSync.class, s -> s.settings().path("audioGain").asInt() == 55);
      get(desktop.close());
      get(mobile.close());
    }
  }

  private static void assertChannelLost(EventLog log, String channel) {
    PairingEvent.ChannelLost lost = log.await(PairingEvent.ChannelLost.class);
    assertThat(lost.channel()).isEqualTo(channel);
    assertThat(lost.code()).isEqualTo(ErrorCode.INVALID_CHANNEL);
  }
}
