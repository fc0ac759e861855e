package io.switchboard.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client that writes frames byte by byte, for what the JDK client will not send: a
 * single frame larger than the server accepts, or a message split into frames of chosen sizes.
 */
public final class RawFrameSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int CONTINUATION = 0x0;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawFrameSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the upgrade; fails unless the server answers 101. */
  public static RawFrameSocket connect(int port, String pathAndQuery) {
    try {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout((int) WsProbe.WAIT.toMillis());
      RawFrameSocket ws = new RawFrameSocket(s);
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n";
      ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
      ws.out.flush();
      String status = ws.readHeaders();
      if (!status.startsWith("HTTP/1.1 101")) {
        s.close();
        throw new AssertionError("upgrade refused: " + status);
      }
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHeaders() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during upgrade");
      }
      head.append((char) b);
    }
    return head.substring(0, head.indexOf("\r\n"));
  }

  /** Writes one complete masked frame. */
  public RawFrameSocket frame(int opcode, boolean fin, byte[] payload) {
    byte[] mask = frameHeader(opcode, fin, payload.length);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    write(masked);
    return this;
  }

  /**
   * Writes only the header of a frame announcing {@code length} payload bytes; a server that
   * enforces a frame limit can refuse it from the header alone.
   */
  public RawFrameSocket announceFrame(int opcode, long length) {
    frameHeader(opcode, true, length);
    return this;
  }

  private byte[] frameHeader(int opcode, boolean fin, long length) {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    byte[] header;
    if (length < 126) {
      header = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | length)};
    } else if (length <= 0xFFFF) {
      header = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | 126),
          (byte) (length >>> 8), (byte) length};
    } else {
      header = new byte[10];
      header[0] = (byte) ((fin ? 0x80 : 0) | opcode);
      header[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        header[2 + i] = (byte) (length >>> (8 * (7 - i)));
      }
    }
    write(header);
    write(mask);
    return mask;
  }

  private void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the next text frame from the server (the server does not fragment what it sends). */
  public String readText() {
    while (true) {
      byte[][] f = readFrame();
      if (f[0][0] == TEXT) {
        return new String(f[1], StandardCharsets.UTF_8);
      }
      if (f[0][0] == 0x8) {
        throw new AssertionError("closed by the server while a text frame was expected");
      }
    }
  }

  /**
   * Reads frames until the server's close frame and returns its status code; other frames (the
   * greeting, error frames) are skipped.
   */
  public int awaitCloseCode() {
    while (true) {
      byte[][] f = readFrame();
      if (f[0][0] == 0x8) {
        byte[] p = f[1];
        return p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : 1005;
      }
    }
  }

  /** One unmasked frame from the server: {opcode}, payload. */
  private byte[][] readFrame() {
    try {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long len = b1 & 0x7F;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      return new byte[][] {{(byte) (b0 & 0x0F)}, payload};
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame from the server within " + WsProbe.WAIT, e);
    } catch (IOException e) {
      throw new AssertionError("connection ended without a close frame", e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
