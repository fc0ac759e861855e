package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.config.Keys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs for a second or two with a few connections against an in-process Switchboard
 * and the in-process bare Vert.x relay. Only that it completes with sane figures is checked: speed
 * on a shared CI machine proves nothing.
 */
class ScenarioSmokeTest {
  private static final List<String> TARGETS = List.of("inproc", "inproc-bare", "inproc-bare-netty");

  @TempDir
  static Path work;

  private static Gen gen;

  @BeforeAll
  static void start() {
    gen = new Gen(2, 16, true);
  }

  @AfterAll
  static void stop() {
    gen.close();
  }

  private static Settings quick() {
    Settings s = new Settings();
    s.duration = 1.5;
    s.warmup = 0;
    return s;
  }

  private static Report run(Scenario scenario, Settings s, List<String> targets) {
    Report report = new Report(Map.of());
    // as the bench command configures the Switchboards it starts for fan-out: room for every member
    Map<String, String> config = scenario instanceof FanoutScenario
        ? Map.of(Keys.PAIRING_MAX_DEVICES, Integer.toString(s.members + 1)) : Map.of();
    Target.Env env = new Target.Env(gen.vertx, List.of(), Path.of("peers"), "", work, config, work);
    for (String spec : targets) {
      try (Target t = Target.open(spec, env)) {
        scenario.run(t, gen, s, report);
      }
    }
    return report;
  }

  private static Report.Row row(Report r, String target, String labelPrefix) {
    return r.rows().stream().filter(x -> x.target().equals(target) && x.label().startsWith(labelPrefix))
        .findFirst().orElseThrow(() -> new AssertionError("no row " + target + " " + labelPrefix + " in " + r.rows()));
  }

  private static void ordered(Report.Row row, String prefix) {
    double p50 = row.number(prefix + "p50_ms");
    double p99 = row.number(prefix + "p99_ms");
    double p999 = row.number(prefix + "p999_ms");
    double max = row.number(prefix + "max_ms");
    assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(p999);
    assertThat(p999).isLessThanOrEqualTo(max);
  }

  @Test
  void relayCompletesRoundTripsOnBothTargets() {
    Settings s = quick();
    s.pairs = 4;
    s.rate = 200;
    Report r = run(new RelayScenario(), s, TARGETS);
    for (String t : TARGETS) {
      Report.Row step = row(r, t, "rate=200");
      assertThat(step.number("rt_per_s")).as(t).isPositive();
      assertThat(step.number("errors")).as(t).isZero();
      ordered(step, "");
      assertThat(row(r, t, "summary").number("pairs")).isEqualTo(4.0);
    }
  }

  @Test
  void relaySearchReportsTheHighestRateHeld() {
    Settings s = quick();
    s.pairs = 2;
    s.rate = 100;
    s.duration = 0.7;
    s.findMax = true;
    s.maxSteps = 2;
    s.p99LimitMs = 1000;
    Report r = run(new RelayScenario(), s, List.of("inproc-bare"));
    assertThat(row(r, "inproc-bare", "summary").number("max_rate_held")).isNotNull();
    assertThat(r.rows().stream().filter(x -> x.label().startsWith("rate=")).count()).isEqualTo(2);
  }

  @Test
  void interleavedRelayAlternatesTargetsAndGivesMediansOfTheRepeats() {
    Settings s = quick();
    s.pairs = 2;
    s.rate = 100;
    s.duration = 0.5;
    s.findMax = true;
    s.maxSteps = 2;
    s.p99LimitMs = 1000;
    s.repeat = 2;
    List<String> both = List.of("inproc-bare", "inproc-bare-netty");
    Report report = new Report(Map.of());
    Target.Env env = new Target.Env(gen.vertx, List.of(), Path.of("peers"), "", work, Map.of(), work);
    try (Target a = Target.open(both.get(0), env); Target b = Target.open(both.get(1), env)) {
      RelayScenario.interleaved(List.of(a, b), gen, s, report);
    }
    List<Report.Row> steps = report.rows().stream().filter(x -> x.label().startsWith("run=")).toList();
    // two runs of two steps on each target, each step taken by one target and then the other
    assertThat(steps).extracting(Report.Row::target).containsExactly(
        "inproc-bare", "inproc-bare-netty", "inproc-bare", "inproc-bare-netty",
        "inproc-bare", "inproc-bare-netty", "inproc-bare", "inproc-bare-netty");
    assertThat(steps).extracting(Report.Row::label).startsWith("run=1 rate=100", "run=1 rate=100");
    for (String t : both) {
      Report.Row summary = row(report, t, "summary");
      assertThat(summary.number("runs")).isEqualTo(2.0);
      String[] maxima = summary.values().get("max_rate_held_runs").toString().split("/");
      assertThat(maxima).hasSize(2);
      // each run's highest held rate, and their median (the lower of two) in the summary
      int first = highestHeld(steps, t, "run=1 ");
      int second = highestHeld(steps, t, "run=2 ");
      assertThat(maxima).containsExactly(Integer.toString(first), Integer.toString(second));
      assertThat(summary.number("max_rate_held")).isEqualTo((double) Math.min(first, second));
    }
  }

  private static int highestHeld(List<Report.Row> rows, String target, String run) {
    return rows.stream().filter(x -> x.target().equals(target) && x.label().startsWith(run))
        .filter(x -> Boolean.TRUE.equals(x.values().get("held")))
        .mapToInt(x -> ((Number) x.values().get("rate")).intValue()).max().orElse(0);
  }

  @Test
  void echoAnswersPingsAtEachInFlightCount() {
    Settings s = quick();
    s.connections = 2;
    s.inFlight = List.of(1, 4);
    Report r = run(new EchoScenario(), s, TARGETS);
    for (String t : TARGETS) {
      for (String k : List.of("in_flight=1", "in_flight=4")) {
        Report.Row row = row(r, t, k);
        assertThat(row.number("msgs_per_s")).as(t + " " + k).isPositive();
        assertThat(row.number("errors")).isZero();
        ordered(row, "");
      }
    }
  }

  @Test
  void fanOutDeliversEveryMessageToEveryMember() {
    Settings s = quick();
    s.members = 6;
    s.rate = 50;
    Report r = run(new FanoutScenario(), s, TARGETS);
    for (String t : TARGETS) {
      Report.Row row = row(r, t, "members=");
      assertThat(row.number("members")).as(t).isEqualTo(6.0);
      assertThat(row.number("deliveries_per_s")).as(t).isPositive();
      assertThat(row.number("lost")).as(t).isZero();
      assertThat(row.number("members_closed")).as(t).isZero();
      ordered(row, "");
      ordered(row, "last_");
    }
  }

  @Test
  void relayAndFanOutCrossFromOneNodeToAnother() {
    assumeTrue(redisAnswers(), "Redis is not running on 127.0.0.1:6379");
    Settings s = quick();
    s.pairs = 2;
    s.rate = 100;
    Report relay = run(new RelayScenario(), s, List.of("inproc-cluster"));
    Report.Row step = row(relay, "inproc-cluster", "rate=100");
    assertThat(step.number("rt_per_s")).isPositive();
    assertThat(step.number("errors")).isZero();
    ordered(step, "");

    s.members = 4;
    s.rate = 20;
    Report fanOut = run(new FanoutScenario(), s, List.of("inproc-cluster"));
    Report.Row row = row(fanOut, "inproc-cluster", "members=");
    assertThat(row.number("members")).isEqualTo(4.0);
    assertThat(row.number("deliveries_per_s")).isPositive();
    assertThat(row.number("lost")).isZero();
  }

  private static boolean redisAnswers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void commandsRoundTripThroughRegisteredDevicesAndAreReportedUnsupportedOnThePeer() {
    Settings s = quick();
    s.devices = 5;
    s.rate = 40;
    s.inFlight = List.of(2);
    s.duration = 1;
    Report r = run(new CommandsScenario(), s, TARGETS);
    for (String k : List.of("rate=40", "in_flight=2")) {
      Report.Row row = row(r, "inproc", k);
      assertThat(row.number("devices")).as(k).isEqualTo(5.0);
      assertThat(row.number("calls_per_s")).as(k).isPositive();
      assertThat(row.number("errors")).as(k + " " + row.values()).isZero();
      assertThat(row.number("wrong_results")).as(k).isZero();
      assertThat(row.number("unanswered")).as(k).isZero();
      ordered(row, "");
    }
    assertThat(row(r, "inproc-bare", "unsupported")).isNotNull();
  }

  @Test
  void idleHoldsPairedConnectionsWithHeartbeats() {
    Settings s = quick();
    s.connections = 10;
    s.heartbeat = 0.5;
    Report r = run(new IdleScenario(), s, TARGETS);
    for (String t : TARGETS) {
      Report.Row row = row(r, t, "connections=");
      assertThat(row.number("connections")).as(t).isEqualTo(10.0);
      assertThat(row.number("open_at_end")).as(t).isEqualTo(10.0);
      assertThat(row.number("pongs")).as(t).isPositive();
      assertThat(row.number("errors")).as(t).isZero();
      assertThat(row.number("heap_after_mib")).as(t).isPositive();
      // Measured between the two halves too, for the second half's growth per connection.
      assertThat(row.number("heap_mid_mib")).as(t).isPositive();
      assertThat(row.number("rss_mid_mib")).as(t).isPositive();
    }
  }
}
