package io.switchboard.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.devices.CommandResult;
import io.switchboard.client.devices.DeviceCommand;
import io.switchboard.protocol.Json;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Plausible answers for every device command: a real JPEG for camera_snap, a location near a fixed
 * point, a notification receipt, recording ids, and output of a few harmless programs computed here
 * (nothing is executed).
 */
public final class SimulatedDevice {
  private final String deviceId;
  private final Clock clock;
  private final Random random = new Random();
  private final Map<String, Instant> recordings = new ConcurrentHashMap<>();

  public SimulatedDevice(String deviceId, Clock clock) {
    this.deviceId = deviceId;
    this.clock = clock;
  }

  public CommandResult answer(DeviceCommand c) {
    JsonNode p = c.params();
    return switch (c.command()) {
      case "camera_snap" -> camera(c, p);
      case "get_location" -> CommandResult.ok(Json.object().put("latitude", 52.3676 + jitter())
          .put("longitude", 4.9041 + jitter()).put("accuracy", p.path("accuracy").asText("high"))
          .put("altitude", 2.0 + random.nextInt(10)).put("timestamp", now()));
      case "send_notification" -> CommandResult.ok(Json.object().put("delivered", true)
          .put("notification_id", UUID.randomUUID().toString()).put("sent_at", now()));
      case "screen_record_start" -> startRecording();
      case "screen_record_stop" -> stopRecording(p);
      case "execute_command" -> execute(p);
      default -> CommandResult.failed("unsupported command: " + c.command());
    };
  }

  private CommandResult camera(DeviceCommand c, JsonNode p) {
    String resolution = p.path("resolution").asText("1920x1080");
    String path = p.hasNonNull("save_path") ? p.get("save_path").asText() : "/tmp/camera_" + c.id() + ".jpg";
    String jpeg = Base64.getEncoder().encodeToString(jpeg(resolution));
    return CommandResult.ok(Json.object().put("base64_data", "data:image/jpeg;base64," + jpeg)
        .put("resolution", resolution).put("captured_at", now()), path);
  }

  /** A small real JPEG (at most 640 px wide) showing the device, the time and the asked resolution. */
  byte[] jpeg(String resolution) {
    BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 120), 320, 180, new Color(200, 120, 40)));
      g.fillRect(0, 0, 320, 180);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(deviceId, 12, 30);
      g.drawString(now(), 12, 60);
      g.drawString("asked for " + resolution, 12, 90);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "jpg", out)) {
        throw new IOException("no JPEG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private CommandResult startRecording() {
    String id = "rec-" + UUID.randomUUID().toString().substring(0, 8);
    recordings.put(id, clock.instant());
    return CommandResult.ok(Json.object().put("recording_id", id).put("started_at", now()));
  }

  private CommandResult stopRecording(JsonNode p) {
    String id = p.hasNonNull("recording_id") ? p.get("recording_id").asText()
        : recordings.keySet().stream().findFirst().orElse(null);
    Instant started = id == null ? null : recordings.remove(id);
    if (started == null) {
      return CommandResult.failed("no recording in progress" + (id == null ? "" : " with id " + id));
    }
    long seconds = Duration.between(started, clock.instant()).toSeconds();
    return CommandResult.ok(Json.object().put("recording_id", id).put("duration_seconds", seconds)
        .put("stopped_at", now()), "/tmp/" + id + ".mp4");
  }

  private CommandResult execute(JsonNode p) {
    String line = p.path("command").asText("").trim();
    String[] words = line.split("\\s+", 2);
    String arg = words.length > 1 ? words[1] : "";
    String out = switch (words[0]) {
      case "echo" -> arg + "\n";
      case "date" -> now() + "\n";
      case "pwd" -> p.path("working_dir").asText(System.getProperty("user.dir")) + "\n";
      case "whoami" -> System.getProperty("user.name") + "\n";
      case "uname" -> System.getProperty("os.name") + "\n";
      case "hostname" -> deviceId + "\n";
      case "ls" -> listing(p.path("working_dir").asText(System.getProperty("user.dir")));
      default -> null;
    };
    if (out == null) {
      return CommandResult.ok(Json.object().put("exit_code", 127).put("stdout", "")
          .put("stderr", words[0] + ": not available on this simulated device\n"));
    }
    ObjectNode data = Json.object().put("exit_code", 0).put("stdout", out).put("stderr", "");
    return CommandResult.ok(data);
  }

  private static String listing(String dir) {
    String[] names = new File(dir).list();
    if (names == null) {
      return "";
    }
    java.util.Arrays.sort(names);
    return String.join("\n", names) + (names.length == 0 ? "" : "\n");
  }

  private double jitter() {
    return (random.nextDouble() - 0.5) / 1000;
  }

  private String now() {
    return Json.time(clock.instant());
  }
}
