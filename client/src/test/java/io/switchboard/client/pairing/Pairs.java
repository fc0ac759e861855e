package io.switchboard.client.pairing;

import static io.switchboard.client.Futures.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.Backoff;
import io.switchboard.testing.TestServer;
import java.time.Duration;

/** Builds pairing clients for a test server and pairs them the way an app would. */
final class Pairs {
  static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), Backoff.FOREVER);

  private Pairs() {}

  static PairingOptions.Builder options(TestServer server, DeviceRole role, String user, String session, int wsPort) {
    return PairingOptions.builder(server.pairingUrl(), role)
        .wsUrl("ws://127.0.0.1:" + wsPort + "/ws")
        .sessionId(session)
        .userAgent("SwitchboardTest/1.0")
        .userToken(server.userToken(user))
        .backoff(FAST);
  }

  static PairingClient client(TestServer server, DeviceRole role, String user, String session) {
    return PairingClient.create(options(server, role, user, session, server.pairingPort()).build());
  }

  /** Desktop: connect, code, join. Mobile: pair, connect, join. Both see pairing_success. */
  static String pair(PairingClient desktop, EventLog desktopLog, PairingClient mobile, EventLog mobileLog) {
    get(desktop.connect());
    PairCode code = get(desktop.generatePairCode());
    PairingEvent.Joined alone = get(desktop.joinChannel(code.channelId()));
    assertThat(alone.paired()).isFalse();
    String channel = get(mobile.pairDevice(code.code()));
    assertThat(channel).isEqualTo(code.channelId());
    get(mobile.connect());
    PairingEvent.Joined both = get(mobile.joinChannel(channel));
    assertThat(both.paired()).isTrue();
    assertThat(both.members()).hasSize(2);
    desktopLog.await(PairingEvent.PairingSuccess.class, s -> channel.equals(s.channelId()));
    mobileLog.await(PairingEvent.PairingSuccess.class, s -> channel.equals(s.channelId()));
    return channel;
  }
}
