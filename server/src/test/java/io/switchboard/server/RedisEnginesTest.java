package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.switchboard.config.Keys;
import io.switchboard.core.presence.redis.RedisDirectory;
import io.switchboard.testing.Http;
import io.switchboard.testing.PairingDriver;
import io.switchboard.testing.Services;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with cluster.redis-url set runs its broker and directory in Redis, end to end. */
class RedisEnginesTest {
  @TempDir
  Path dataDir;

  @Test
  void aPairRelaysThroughTheRedisBrokerAndIsListedInRedis() throws Exception {
    Services.requireRedis();
    String prefix = Services.uniqueRedisPrefix();
    RedisClient client = RedisClient.create();
    try {
      RedisDirectory directory = RedisDirectory.connect(client, RedisURI.create(Services.REDIS_URL), prefix)
          .toCompletionStage().toCompletableFuture().join();
      try (TestServer s = TestServer.start(dataDir, Clock.systemUTC(),
          Map.of(Keys.CLUSTER_REDIS_URL, Services.REDIS_URL, Keys.CLUSTER_REDIS_PREFIX, prefix))) {
        JsonNode health = Http.get("http://127.0.0.1:" + s.httpPort() + "/health").body();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/broker/engine").asText()).isEqualTo("redis");
        assertThat(health.at("/components/directory/status").asText()).isEqualTo("UP");

        PairingDriver driver = new PairingDriver(s);
        try (PairingDriver.Pair pair = driver.pair("alice", "redis")) {
          PairingDriver.relayMarker(pair.desktop(), pair.mobile(), pair.channel());
          PairingDriver.relayMarker(pair.mobile(), pair.desktop(), pair.channel());
          byte[] audio = {0, 1, 2, (byte) 0xFF, (byte) 0x80, 0x7F};
          pair.desktop().sendBinary(audio);
          ByteBuffer got = pair.mobile().awaitBinary();
          byte[] bytes = new byte[got.remaining()];
          got.get(bytes);
          assertThat(bytes).isEqualTo(audio);
          assertThat(join(directory.count("pairing"))).isEqualTo(2);
          assertThat(join(directory.byUser("alice"))).hasSize(2);
        }
        await().atMost(WsProbe.WAIT).until(() -> join(directory.count("pairing")) == 0);
      }
      join(directory.close());
    } finally {
      Services.deleteRedisKeys(client, prefix);
      client.shutdown();
    }
  }

  private static <T> T join(io.vertx.core.Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }
}
