package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.switchboard.config.Keys;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sockets run on epoll where it loads, on Java NIO when http.native-transport is false; pairing works on both. */
class SocketTransportTest {
  @TempDir
  Path dataDir;

  @Test
  void theDefaultIsEpollWhereItLoads() {
    try (TestServer s = TestServer.start(dataDir)) {
      assertThat(s.server().hub().vertx().isNativeTransportEnabled()).isEqualTo(Epoll.isAvailable());
      relayBothWays(s);
    }
  }

  @Test
  void nativeTransportFalseRunsOnJavaNio() {
    try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(), Map.of(Keys.NATIVE_TRANSPORT, "false"))) {
      assertThat(s.server().hub().vertx().isNativeTransportEnabled()).isFalse();
      relayBothWays(s);
    }
  }

  private static void relayBothWays(TestServer s) {
    PairingDriver.Pair pair = new PairingDriver(s).pair("tia", "t");
    PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel());
    PairingDriver.relayMarker(pair.mobile(), pair.desktop(), pair.channel());
    pair.close();
  }
}
