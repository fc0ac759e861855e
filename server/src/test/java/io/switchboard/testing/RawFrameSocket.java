package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client that writes frames byte by byte, for what the JDK client will not send: a
 * single frame larger than the server accepts, a message split into frames of chosen sizes, control
 * frames with chosen payloads, or an upgrade request with chosen headers. It reads the server's
 * frames one by one, control frames included, and sees the TCP connection end.
 */
public final class RawFrameSocket implements AutoCloseable {
  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private String upgradeResponse;

  private RawFrameSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** One frame from the server: its opcode, FIN bit, RSV bits (0 unless an extension is in use) and payload. */
  public record Frame(int opcode, boolean fin, int rsv, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame; 1005 when it carries none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** The reason of a close frame, or "". */
    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  /** Connects and completes the upgrade; fails unless the server answers 101. */
  public static RawFrameSocket connect(int port, String pathAndQuery) {
    return connect(port, pathAndQuery, Map.of());
  }

  /** Connects with extra request headers and completes the upgrade; fails unless the server answers 101. */
  public static RawFrameSocket connect(int port, String pathAndQuery, Map<String, String> headers) {
    RawFrameSocket ws = open(port, pathAndQuery, headers);
    if (!ws.upgradeResponse.startsWith("HTTP/1.1 101")) {
      ws.close();
      throw new AssertionError("upgrade refused: " + ws.upgradeResponse);
    }
    return ws;
  }

  /**
   * Attempts an upgrade the server is expected to refuse and returns the HTTP status of its answer;
   * fails when the upgrade is accepted.
   */
  public static int refusedUpgradeStatus(int port, String pathAndQuery, Map<String, String> headers) {
    try (RawFrameSocket ws = open(port, pathAndQuery, headers)) {
      int status = Integer.parseInt(ws.upgradeResponse.split(" ", 3)[1]);
      if (status == 101) {
        throw new AssertionError("upgrade was accepted");
      }
      return status;
    }
  }

  /** A close frame among the messages of {@link #sendAtOnce} or {@link #connectSendingAtOnce}. */
  public record Close(int code, String reason) {}

  /** A ping frame among the messages of {@link #sendAtOnce} or {@link #connectSendingAtOnce}. */
  public record Ping(byte[] payload) {}

  /**
   * Connects and writes the upgrade request followed by these messages (as {@link #sendAtOnce}) in
   * one go, before the server's answer, as a client that does not wait for the 101 would; fails
   * unless the answer is 101.
   */
  public static RawFrameSocket connectSendingAtOnce(int port, String pathAndQuery, List<?> messages) {
    RawFrameSocket ws = open(port, pathAndQuery, Map.of(), frames(messages));
    if (!ws.upgradeResponse.startsWith("HTTP/1.1 101")) {
      ws.close();
      throw new AssertionError("upgrade refused: " + ws.upgradeResponse);
    }
    return ws;
  }

  private static RawFrameSocket open(int port, String pathAndQuery, Map<String, String> headers) {
    return open(port, pathAndQuery, headers, new byte[0]);
  }

  private static RawFrameSocket open(int port, String pathAndQuery, Map<String, String> headers, byte[] after) {
    try {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout((int) WsProbe.WAIT.toMillis());
      RawFrameSocket ws = new RawFrameSocket(s);
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
          + "Sec-WebSocket-Version: 13\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(request.toString().getBytes(StandardCharsets.US_ASCII));
      bytes.writeBytes(after);
      ws.out.write(bytes.toByteArray());
      ws.out.flush();
      ws.upgradeResponse = ws.readHeaders();
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
    return head.toString();
  }

  /** A header of the server's answer to the upgrade (case-insensitive name), or null. */
  public String upgradeHeader(String name) {
    for (String line : upgradeResponse.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Writes one complete masked frame. */
  public RawFrameSocket frame(int opcode, boolean fin, byte[] payload) {
    write(maskedFrame(opcode, fin, payload));
    return this;
  }

  /**
   * Writes these messages in one write, so the server reads them together: a {@code String} as a
   * text frame, a {@code byte[]} as a binary frame, a {@link Close} or {@link Ping} as that frame.
   */
  public RawFrameSocket sendAtOnce(List<?> messages) {
    write(frames(messages));
    return this;
  }

  private static byte[] frames(List<?> messages) {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (Object m : messages) {
      if (m instanceof byte[] data) {
        frames.writeBytes(maskedFrame(BINARY, true, data));
      } else if (m instanceof Close close) {
        frames.writeBytes(maskedFrame(CLOSE, true, closePayload(close.code(), close.reason())));
      } else if (m instanceof Ping ping) {
        frames.writeBytes(maskedFrame(PING, true, ping.payload()));
      } else {
        frames.writeBytes(maskedFrame(TEXT, true, ((String) m).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return frames.toByteArray();
  }

  /** A complete frame as a client sends it: header, mask and masked payload. */
  private static byte[] maskedFrame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.writeBytes(header(opcode, fin, payload.length));
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /**
   * Writes only the header of a frame announcing {@code length} payload bytes; a server that
   * enforces a frame limit can refuse it from the header alone.
   */
  public RawFrameSocket announceFrame(int opcode, long length) {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    write(header(opcode, true, length));
    write(mask);
    return this;
  }

  /** A frame header with the mask bit set (the mask itself follows it). */
  private static byte[] header(int opcode, boolean fin, long length) {
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
    return header;
  }

  /** Writes a ping frame with this payload (at most 125 bytes). */
  public RawFrameSocket sendPing(byte[] payload) {
    return frame(PING, true, payload);
  }

  /** Writes a close frame with this status code and reason. */
  public RawFrameSocket sendClose(int code, String reason) {
    return frame(CLOSE, true, closePayload(code, reason));
  }

  private static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
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
      Frame f = nextFrame();
      if (f.opcode() == TEXT) {
        return f.text();
      }
      if (f.opcode() == CLOSE) {
        throw new AssertionError("closed by the server while a text frame was expected");
      }
    }
  }

  /**
   * Reads frames until the server's close frame and returns its status code; other frames (the
   * greeting, error frames) are skipped.
   */
  public int awaitCloseCode() {
    return awaitClose().closeCode();
  }

  /** Reads frames until the server's close frame and returns it; other frames are skipped. */
  public Frame awaitClose() {
    while (true) {
      Frame f = nextFrame();
      if (f.opcode() == CLOSE) {
        return f;
      }
    }
  }

  /** The next frame from the server, whatever it is. */
  public Frame nextFrame() {
    try {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      if ((b1 & 0x80) != 0) {
        throw new AssertionError("the server masked a frame");
      }
      long len = b1 & 0x7F;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, (b0 >>> 4) & 0x7, payload);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame from the server within " + WsProbe.WAIT, e);
    } catch (IOException e) {
      throw new AssertionError("connection ended without a close frame", e);
    }
  }

  /**
   * Waits until the server closes the TCP connection; fails if it sends anything more or keeps the
   * connection open past {@link WsProbe#WAIT}.
   */
  public void awaitEnd() {
    awaitEnd(WsProbe.WAIT);
  }

  /** As {@link #awaitEnd()}, failing if the connection is still open after {@code within}. */
  public void awaitEnd(java.time.Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      int b = in.read();
      if (b >= 0) {
        throw new AssertionError("the server sent more after its last frame: byte " + b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open past " + within, e);
    } catch (IOException e) {
      // A reset ends the connection as well.
    }
  }

  /** Drops the TCP connection with a reset (no close frame, no FIN), as a client that crashed would. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already gone
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
