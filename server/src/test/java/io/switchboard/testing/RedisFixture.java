package io.switchboard.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local Redis for a test class, registered on a static field:
 * {@code @RegisterExtension static final RedisFixture redis = new RedisFixture();}.
 *
 * <p>The class is skipped with a message when Redis is not reachable ({@link Services#requireRedis}).
 * Its tests share one {@link #client()}; each test gets a key prefix of its own ({@link #prefix()}),
 * set before the test's {@code @BeforeEach} methods run. After the test's {@code @AfterEach} methods,
 * the connection {@link #raw()} opened is closed and every key under the prefix is deleted; the
 * client is shut down after the class.
 */
public final class RedisFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final RedisURI uri = RedisURI.create(Services.REDIS_URL);
  private RedisClient client;
  private String prefix;
  private StatefulRedisConnection<String, String> raw;

  @Override
  public void beforeAll(ExtensionContext context) {
    Services.requireRedis();
    client = RedisClient.create();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (client == null) {
      throw new IllegalStateException("RedisFixture must be registered on a static field");
    }
    prefix = Services.uniqueRedisPrefix();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (raw != null) {
        raw.close();
      }
    } finally {
      raw = null;
      Services.deleteRedisKeys(client, prefix);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.shutdown();
      client = null;
    }
  }

  /** The client the class's tests share; connections made from it are the test's to close. */
  public RedisClient client() {
    return client;
  }

  /** Where the local Redis listens. */
  public RedisURI uri() {
    return uri;
  }

  /** This test's key prefix, which no other test run uses. */
  public String prefix() {
    return prefix;
  }

  /** A connection of the test's own for reading and writing keys directly, opened on first use. */
  public StatefulRedisConnection<String, String> raw() {
    if (raw == null) {
      raw = client.connect(uri);
    }
    return raw;
  }
}
