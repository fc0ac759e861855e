package io.switchboard.bench;

import java.util.List;

/** The knobs of the scenarios (the command line fills them; tests set them directly). */
final class Settings {
  /** relay: pairs exchanging messages. */
  int pairs = 100;
  /** relay: round trips per second (all pairs together); fan-out: publishes per second. */
  Integer rate;
  /** Seconds each measured step lasts. */
  double duration = 5;
  /** Seconds of unrecorded load before the first step (JIT, pools). */
  double warmup = 2;
  /** echo: connections; idle: connections held open; commands: HTTP connections of the REST client. */
  Integer connections;
  /** idle: connections set up and closed before the first measurement. */
  int warmupConnections;
  /** echo: pings kept in flight per connection; commands: calls outstanding in all; one step each. */
  List<Integer> inFlight;
  /** fan-out: members of the one channel besides the publisher. */
  int members = 1000;
  /** commands: devices connected and registered. */
  int devices = 100;
  /** idle: seconds between application pings on each connection. */
  double heartbeat = 10;
  /** relay: search for the highest rate whose p99 stays under the limit. */
  boolean findMax;
  /** relay: factor between search steps. */
  double step = 1.25;
  /** relay: the p99 bound of the search, in milliseconds. */
  double p99LimitMs = 5;
  /** relay: at most this many search steps. */
  int maxSteps = 12;
  /** relay: how many times the fixed-rate step and the search run (the summary gives medians). */
  int repeat = 1;

  int rateOr(int fallback) {
    return rate == null ? fallback : rate;
  }

  int connectionsOr(int fallback) {
    return connections == null ? fallback : connections;
  }

  List<Integer> inFlightOr(List<Integer> fallback) {
    return inFlight == null || inFlight.isEmpty() ? fallback : inFlight;
  }
}
