package io.switchboard.client.glasses;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.client.Backoff;
import io.switchboard.client.Futures;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An app server written with the Java client, on the JDK's HTTP server: for each
 * {@code session_request} it connects an {@link AppClient} (set up by the test before it connects)
 * and answers the webhook once acknowledged, as {@code @mentra/sdk} does. A {@code stop_request}
 * is only recorded: the hub also sends the app {@code app_stopped}, which ends the client by itself
 * (the tests check that); an app server may as well close the client there. All its clients share
 * one Vert.x instance.
 */
final class JavaAppServer implements AutoCloseable {
  private final String packageName;
  private volatile String apiKey;
  private final Consumer<AppClient> setup;
  private final HttpServer http;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, AppClient> bySession = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<AppClient> connected = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<StopRequest> stops = new LinkedBlockingQueue<>();

  JavaAppServer(String packageName, Consumer<AppClient> setup) throws IOException {
    this.packageName = packageName;
    this.setup = setup;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    http.setExecutor(executor);
    http.createContext("/webhook", this::webhook);
    http.start();
  }

  /** The API key its clients present (set once the app is registered with this server's URL). */
  void apiKey(String key) {
    this.apiKey = key;
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private void webhook(HttpExchange ex) throws IOException {
    int status = 200;
    try {
      WebhookRequest call = WebhookRequest.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (call instanceof SessionRequest start) {
        AppClient app = AppClient.create(vertx, AppOptions.builder(start, packageName, apiKey)
            .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Backoff.FOREVER)).build());
        setup.accept(app);
        AppClient previous = bySession.put(start.sessionId(), app);
        if (previous != null) {
          previous.close();
        }
        app.connect().get(10, TimeUnit.SECONDS);
        connected.add(app);
      } else if (call instanceof StopRequest stop) {
        stops.add(stop);
      }
    } catch (Exception e) {
      status = e instanceof IllegalArgumentException ? 400 : 500;
    }
    byte[] body = WebhookRequest.SUCCESS_BODY.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The next app client that connected and was acknowledged. */
  AppClient awaitSession() {
    return poll(connected, "an acknowledged app session");
  }

  StopRequest awaitStop() {
    return poll(stops, "a stop_request");
  }

  private static <T> T poll(LinkedBlockingQueue<T> queue, String what) {
    try {
      T t = queue.poll(Futures.WAIT_SECONDS, TimeUnit.SECONDS);
      if (t == null) {
        throw new AssertionError("no " + what + " within " + Futures.WAIT_SECONDS + " s");
      }
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    bySession.values().forEach(a -> Futures.get(a.close()));
    http.stop(0);
    executor.shutdownNow();
    Futures.get(vertx.close().toCompletionStage().toCompletableFuture());
  }
}
