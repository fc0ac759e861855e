package io.switchboard.client.example;

import io.switchboard.client.pairing.DeviceRole;
import io.switchboard.client.pairing.PairCode;
import io.switchboard.client.pairing.PairingClient;
import io.switchboard.client.pairing.PairingEvent;
import io.switchboard.client.pairing.PairingOptions;
import io.switchboard.protocol.Json;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A desktop and a mobile pairing through a running Switchboard, as in docs/java-client.md:
 *
 * <pre>
 * ./switchboard serve &amp;
 * java -cp cli/target/switchboard.jar client/src/test/java/io/switchboard/client/example/PairingExample.java \
 *      http://localhost:8089 "$(./switchboard token --sub alice)"
 * </pre>
 */
public final class PairingExample {
  private PairingExample() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "http://localhost:8089";
    String userJwt = args.length > 1 ? args[1] : System.getenv("JWT");
    run(url, userJwt, System.out::println);
  }

  public static void run(String url, String userJwt, Consumer<String> out) throws Exception {
    PairingClient desktop = PairingClient.create(PairingOptions.builder(url, DeviceRole.DESKTOP)
        .userToken(userJwt).userAgent("ExampleDesktop/1.0").build());
    PairingClient mobile = PairingClient.create(PairingOptions.builder(url, DeviceRole.MOBILE)
        .userToken(userJwt).userAgent("ExampleMobile/1.0").build());
    CountDownLatch done = new CountDownLatch(2);
    try {
      desktop.onStateChange(c -> out.accept("desktop: " + c.current()));
      desktop.on(PairingEvent.PairingSuccess.class, e -> out.accept("desktop: paired on " + e.channelId()));
      desktop.on(PairingEvent.SettingsSync.class, e -> {
        out.accept("desktop: settings from mobile " + e.settings());
        done.countDown();
      });
      mobile.on(PairingEvent.ChannelMessage.class, e -> {
        out.accept("mobile: " + e.stateType() + " = " + e.data());
        done.countDown();
      });

      // Desktop: connect, get a code, join its channel, show the code.
      desktop.connect().get(10, TimeUnit.SECONDS);
      PairCode code = desktop.generatePairCode().get(10, TimeUnit.SECONDS);
      desktop.joinChannel(code.channelId()).get(10, TimeUnit.SECONDS);
      out.accept("desktop: pairing code " + code.code());

      // Mobile: the user types the code; pair, connect, join.
      String channel = mobile.pairDevice(code.code()).get(10, TimeUnit.SECONDS);
      mobile.connect().get(10, TimeUnit.SECONDS);
      mobile.joinChannel(channel).get(10, TimeUnit.SECONDS);

      // Talk: settings one way, a STATE_UPDATE the other.
      mobile.syncSettings(Json.object().put("audioGain", 75).put("language", "nl")).get(10, TimeUnit.SECONDS);
      desktop.sendStateUpdate("audioSettings", Json.object().put("vadEnabled", true)).get(10, TimeUnit.SECONDS);
      if (!done.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the devices did not hear each other");
      }
    } finally {
      mobile.close().get(10, TimeUnit.SECONDS);
      desktop.close().get(10, TimeUnit.SECONDS);
    }
  }
}
