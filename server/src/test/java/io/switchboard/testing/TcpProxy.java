package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder to a real service that a test can cut and restore, to see what a server does
 * while, say, Redis is unreachable. {@link #cut()} closes every forwarded connection and stops
 * listening (new connections are refused); {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = listener;
    this.port = listener.getLocalPort();
    accept(listener);
  }

  /** Starts forwarding an ephemeral local port to the target. */
  public static TcpProxy to(String host, int port) {
    return new TcpProxy(host, port, listen(0));
  }

  public int port() {
    return port;
  }

  /** Closes every connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    closeQuietly(listener);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  public void restore() {
    listener = listen(port);
    accept(listener);
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket server) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          sockets.add(client);
          Socket target;
          try {
            target = new Socket(targetHost, targetPort);
          } catch (IOException e) {
            closeQuietly(client);
            continue;
          }
          sockets.add(target);
          pump(client, target);
          pump(target, client);
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // One side closed: close both below.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
