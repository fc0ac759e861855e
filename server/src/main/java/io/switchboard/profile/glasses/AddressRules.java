package io.switchboard.profile.glasses;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** Source-address rules of system apps: literal IP addresses or CIDR ranges, IPv4 or IPv6. */
public final class AddressRules {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private AddressRules() {}

  /** Whether {@code ip} is one of the rules' addresses or inside one of their ranges. */
  static boolean allows(List<String> rules, String ip) {
    InetAddress address = literal(ip);
    if (address == null) {
      return false;
    }
    for (String rule : rules) {
      if (matches(rule.trim(), address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a rule is well formed (for the CLI to refuse typos). */
  public static boolean valid(String rule) {
    int slash = rule.indexOf('/');
    InetAddress base = literal(slash < 0 ? rule : rule.substring(0, slash));
    if (base == null || slash < 0) {
      return base != null;
    }
    try {
      int bits = Integer.parseInt(rule.substring(slash + 1));
      return bits >= 0 && bits <= base.getAddress().length * 8;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean matches(String rule, InetAddress address) {
    if (!valid(rule)) {
      return false;
    }
    int slash = rule.indexOf('/');
    InetAddress base = literal(slash < 0 ? rule : rule.substring(0, slash));
    byte[] a = address.getAddress();
    byte[] b = base.getAddress();
    if (a.length != b.length) {
      return false;
    }
    int bits = slash < 0 ? a.length * 8 : Integer.parseInt(rule.substring(slash + 1));
    if (bits == 0) {
      return true;
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE)
        .shiftRight(bits).not();
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
  }

  /** Parses an IP literal without ever asking DNS; null when it is not one. */
  private static InetAddress literal(String text) {
    if (text == null || text.isEmpty() || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
