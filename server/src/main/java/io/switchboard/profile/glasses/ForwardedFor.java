package io.switchboard.profile.glasses;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers a node puts on an app socket it relays to the node holding the session.
 * {@value #BY} names the relaying node and marks the socket as relayed (a relayed socket is never
 * relayed again). With {@code cluster.secret} set, {@value #FOR} carries the app's address, a time
 * and an HMAC-SHA256 over both and the relaying node's id; the owner counts and checks the socket
 * under that address only when the HMAC verifies and the time is within {@link #MAX_AGE} of its
 * own clock. Without a secret, or with a bad or stale proof, the relaying node's address is used.
 */
final class ForwardedFor {
  static final String BY = "X-Switchboard-Forwarded-By";
  static final String FOR = "X-Switchboard-Forwarded-For";
  static final Duration MAX_AGE = Duration.ofSeconds(60);
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] secret;
  private final Clock clock;

  /** {@code secret} may be empty: nothing is signed and no address is trusted. */
  ForwardedFor(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** The headers for relaying a socket from {@code clientIp}, by node {@code nodeId}. */
  Map<String, String> headers(String nodeId, String clientIp) {
    if (secret.length == 0) {
      return Map.of(BY, nodeId);
    }
    long seconds = clock.instant().getEpochSecond();
    return Map.of(BY, nodeId, FOR, clientIp + ";" + seconds + ";" + mac(nodeId, clientIp, seconds));
  }

  /** Whether an upgrade was relayed by another node. */
  static boolean relayed(MultiMap headers) {
    return headers.get(BY) != null;
  }

  /** The address the upgrade's proof vouches for, or {@code peer} when there is none that verifies. */
  String clientAddress(MultiMap headers, String peer) {
    String by = headers.get(BY);
    String value = headers.get(FOR);
    if (secret.length == 0 || by == null || value == null) {
      return peer;
    }
    String[] parts = value.split(";", -1);
    if (parts.length != 3 || !(NetUtil.isValidIpV4Address(parts[0]) || NetUtil.isValidIpV6Address(parts[0]))) {
      return peer;
    }
    long seconds;
    try {
      seconds = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return peer;
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
      return peer;
    }
    byte[] expected = mac(by, parts[0], seconds).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII)) ? parts[0] : peer;
  }

  private String mac(String nodeId, String ip, long seconds) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      byte[] sum = mac.doFinal(("switchboard-forwarded-for\n" + nodeId + "\n" + ip + "\n" + seconds)
          .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
