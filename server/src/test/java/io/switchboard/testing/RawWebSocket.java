package io.switchboard.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client at the byte level that completes the upgrade and then never answers anything,
 * like a client whose process froze: it does not reply to ping frames.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;

  public RawWebSocket(int port, String pathAndQuery) throws IOException {
    this(port, pathAndQuery, 0);
  }

  /** With {@code receiveBuffer} > 0 the socket's receive buffer is that small, so a non-reading client backs up fast. */
  public RawWebSocket(int port, String pathAndQuery, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout((int) WsProbe.WAIT.toMillis());
    String key = Base64.getEncoder().encodeToString("switchboard-test".getBytes(StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new DataInputStream(socket.getInputStream());
    String status = readLine();
    if (!status.contains(" 101 ")) {
      throw new IOException("upgrade refused: " + status);
    }
    while (!readLine().isEmpty()) {
      // headers
    }
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = {1, 2, 3, 4};
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    socket.getOutputStream().write(frame.toByteArray());
    socket.getOutputStream().flush();
  }

  /** Reads text frames until one contains the given string; returns it. */
  public String awaitTextContaining(String part) throws IOException {
    while (true) {
      Frame f = readFrame();
      String text = new String(f.payload(), StandardCharsets.UTF_8);
      if (f.opcode() == 0x1 && text.contains(part)) {
        return text;
      }
    }
  }

  /** Reads frames until a close frame arrives and returns its status code; pings are ignored. */
  public int awaitCloseCode() throws IOException {
    return awaitClose().code();
  }

  /** A close frame's status code and reason. */
  public record Close(int code, String reason) {}

  /** Reads frames until a close frame arrives and returns it; pings are ignored (never answered). */
  public Close awaitClose() throws IOException {
    while (true) {
      Frame f = readFrame();
      if (f.opcode() == 0x8) {
        byte[] p = f.payload();
        if (p.length < 2) {
          return new Close(1005, "");
        }
        return new Close(((p[0] & 0xff) << 8) | (p[1] & 0xff), new String(p, 2, p.length - 2, StandardCharsets.UTF_8));
      }
    }
  }

  private record Frame(int opcode, byte[] payload) {}

  private Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
