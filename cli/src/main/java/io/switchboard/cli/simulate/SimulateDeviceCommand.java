package io.switchboard.cli.simulate;

import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.devices.CommandResult;
import io.switchboard.client.devices.DeviceClient;
import io.switchboard.client.devices.DeviceInfo;
import io.switchboard.client.devices.DeviceOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard simulate device --id ID --token TOKEN}: a device that answers every command. */
@Command(name = "device", mixinStandardHelpOptions = true,
    description = "Connect a simulated device that answers every command with plausible data.")
public final class SimulateDeviceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--id", required = true, description = "Device id (device_node_id).")
  String id;

  @Option(names = "--token", required = true, description = "User JWT of the device's owner.")
  String token;

  @Option(names = "--url", defaultValue = "ws://localhost:8000/api/devices/ws",
      description = "Devices WebSocket URL. Default ${DEFAULT-VALUE}.")
  String url;

  @Option(names = "--alternate-url", paramLabel = "URL",
      description = "Another node's devices WebSocket URL to fail over to; repeatable, tried in order.")
  List<String> alternateUrls = List.of();

  @Option(names = "--capabilities", split = ",",
      defaultValue = "camera,location,notification,screen_record,command_execution",
      description = "Capabilities to register. Default ${DEFAULT-VALUE}.")
  List<String> capabilities;

  @Option(names = "--count", defaultValue = "0",
      description = "Exit after answering this many commands (0: run until interrupted).")
  int count;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SimulatedDevice device = new SimulatedDevice(id, Clock.systemUTC());
    DeviceInfo info = new DeviceInfo("Simulated " + id, "mobile", "simulator", System.getProperty("java.version"),
        System.getProperty("os.arch"), capabilities);
    DeviceOptions options = DeviceOptions.of(url, () -> CompletableFuture.completedFuture(token), id, info)
        .withBackoff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15), Backoff.FOREVER));
    for (String alternate : alternateUrls) {
      options = options.withAlternateUrl(alternate);
    }
    DeviceClient client = DeviceClient.create(options);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    client.onAnyCommand(cmd -> {
      CommandResult r = device.answer(cmd);
      synchronized (out) {
        out.printf("<- %s %s %s%n-> %s%s%n", cmd.command(), cmd.id(), cmd.params(),
            r.success() ? "ok" : "failed: " + r.error(), r.data() == null ? "" : " " + abbreviate(r.data().toString()));
        out.flush();
      }
      if (count > 0 && answered.incrementAndGet() >= count) {
        done.countDown();
      }
      return CompletableFuture.completedFuture(r);
    });
    client.onStateChange(change -> {
      synchronized (out) {
        out.println("state: " + change.current());
        out.flush();
      }
      if (change.current() == ConnectionState.FAILED) {
        done.countDown();
      }
    });
    if (count == 0) {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> done.countDown());
      }
    }
    client.connect().whenComplete((v, e) -> {
      synchronized (out) {
        out.println(e == null ? "registered " + id + " with " + String.join(",", capabilities)
            : "could not connect: " + e.getMessage());
        out.flush();
      }
    });
    done.await();
    client.close().get(5, TimeUnit.SECONDS);
    return client.state() == ConnectionState.FAILED ? 1 : 0;
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "...";
  }
}
