package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app server speaking the glasses webhook format (POST {@code /webhook} with
 * {@code session_request} / {@code stop_request}), on the JDK's HTTP server: it records every call
 * and answers 200 {"status":"success"}, or a chosen failure for the next calls, or holds its answer
 * until the test releases it (as the SDK does until its socket is acknowledged).
 */
public final class FakeAppServer implements AutoCloseable {
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newCachedThreadPool();
  private final LinkedBlockingQueue<JsonNode> calls = new LinkedBlockingQueue<>();
  private final List<JsonNode> all = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failures = new AtomicInteger();
  private volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);

  public FakeAppServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The public URL to register the app with (webhooks go to {@code url()/webhook}). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code n} webhook calls are answered 500. */
  public void failNext(int n) {
    failures.set(n);
  }

  /** Webhook answers wait until the returned future is completed. */
  public CompletableFuture<Void> holdAnswers() {
    hold = new CompletableFuture<>();
    return hold;
  }

  /** The next webhook call of a type (others before it are skipped). */
  public JsonNode await(String type) {
    return await(type, null);
  }

  /** The next webhook call of a type for a session (others before it are skipped); any session when null. */
  public JsonNode await(String type, String sessionId) {
    long deadline = System.nanoTime() + WsProbe.WAIT.toNanos();
    try {
      while (true) {
        JsonNode n = calls.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (n == null) {
          throw new AssertionError("no webhook " + type + " within " + WsProbe.WAIT + "; got " + calls());
        }
        if (type.equals(n.path("type").asText())
            && (sessionId == null || sessionId.equals(n.path("sessionId").asText()))) {
          return n;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every call so far, in order. */
  public List<JsonNode> calls() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    JsonNode body = Json.parseOrNull(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    boolean webhook = "POST".equals(ex.getRequestMethod()) && "/webhook".equals(ex.getRequestURI().getPath());
    if (webhook && body != null) {
      all.add(body);
      calls.add(body);
    }
    hold.join();
    boolean fail = webhook && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    int status = !webhook ? 404 : fail ? 500 : 200;
    byte[] answer = (fail ? "{\"status\":\"error\"}" : "{\"status\":\"success\"}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, answer.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    hold.complete(null);
    server.stop(0);
    executor.shutdownNow();
  }
}
