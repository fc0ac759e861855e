package io.switchboard.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NettyWire's own frame encoding, read back by Netty's WebSocket decoder (as a client reads it:
 * unmasked frames): opcode, FIN bit, payload and the shortest length field for each size, and close
 * frames whose reason is cut to fit without breaking its UTF-8.
 */
class NettyWireFrameEncodingTest {
  private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  private static final int OP_BINARY = 0x2;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;

  /**
   * Decodes one encoded frame as a client would (a decoder of its own each time: after a close frame
   * a decoder reads nothing more); fails unless it is exactly one valid frame.
   */
  private static WebSocketFrame decode(ByteBuf encoded) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
        WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    try {
      client.writeInbound(encoded);
      WebSocketFrame frame = client.readInbound();
      assertThat(frame).as("a decoded frame").isNotNull();
      assertThat((Object) client.readInbound()).as("nothing after the frame").isNull();
      assertThat(client.isActive()).as("the decoder accepted the frame").isTrue();
      return frame;
    } finally {
      client.finishAndReleaseAll();
    }
  }

  /** Header bytes an unmasked frame of this payload length takes with the shortest length field. */
  private static int headerBytes(int length) {
    return length <= 125 ? 2 : length <= 65_535 ? 4 : 10;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 300_000})
  void textFramesOfEveryLengthFieldSizeRoundTrip(int length) {
    String text = "a".repeat(length);
    ByteBuf encoded = NettyWire.textFrame(ALLOC, text);
    assertThat(encoded.readableBytes()).isEqualTo(headerBytes(length) + length);
    WebSocketFrame frame = decode(encoded);
    try {
      assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
      assertThat(frame.isFinalFragment()).isTrue();
      assertThat(frame.rsv()).isZero();
      assertThat(((TextWebSocketFrame) frame).text()).isEqualTo(text);
    } finally {
      frame.release();
    }
  }

  @Test
  void nonAsciiTextIsLengthedInUtf8Bytes() {
    // 42 characters, 126 bytes: the length field is the 16-bit one although the text is short.
    String euros = "€".repeat(42);
    String mixed = "Grüße aus Köln, 東京 and 🎧 ".repeat(3000);
    for (String text : new String[] {euros, mixed, "🎧"}) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      ByteBuf encoded = NettyWire.textFrame(ALLOC, text);
      assertThat(encoded.readableBytes()).isEqualTo(headerBytes(bytes) + bytes);
      WebSocketFrame frame = decode(encoded);
      try {
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(((TextWebSocketFrame) frame).text()).isEqualTo(text);
      } finally {
        frame.release();
      }
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 125, 126, 65_535, 65_536})
  void binaryFramesCarryACopyOfThePayloadsReadableBytes(int length) {
    byte[] bytes = new byte[length + 3];
    new Random(length).nextBytes(bytes);
    ByteBuf payload = Unpooled.wrappedBuffer(bytes).skipBytes(3);
    ByteBuf encoded = NettyWire.frame(ALLOC, OP_BINARY, payload);
    assertThat(payload.readerIndex()).as("the payload is left as it was").isEqualTo(3);
    assertThat(encoded.readableBytes()).isEqualTo(headerBytes(length) + length);
    WebSocketFrame frame = decode(encoded);
    try {
      assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
      assertThat(frame.isFinalFragment()).isTrue();
      assertThat(ByteBufUtil.getBytes(frame.content())).isEqualTo(java.util.Arrays.copyOfRange(bytes, 3, bytes.length));
    } finally {
      frame.release();
    }
  }

  @Test
  void pingAndPongFramesCarryTheirPayload() {
    byte[] bytes = "still there?".getBytes(StandardCharsets.US_ASCII);
    WebSocketFrame ping = decode(NettyWire.frame(ALLOC, OP_PING, Unpooled.wrappedBuffer(bytes)));
    WebSocketFrame pong = decode(NettyWire.frame(ALLOC, OP_PONG, Unpooled.wrappedBuffer(bytes)));
    WebSocketFrame empty = decode(NettyWire.frame(ALLOC, OP_PING, Unpooled.EMPTY_BUFFER));
    try {
      assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
      assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
      assertThat(ping.isFinalFragment()).isTrue();
      assertThat(pong.isFinalFragment()).isTrue();
      assertThat(ByteBufUtil.getBytes(ping.content())).isEqualTo(bytes);
      assertThat(ByteBufUtil.getBytes(pong.content())).isEqualTo(bytes);
      assertThat(empty.content().readableBytes()).isZero();
    } finally {
      ping.release();
      pong.release();
      empty.release();
    }
  }

  private static CloseWebSocketFrame decodeClose(short code, String reason) {
    WebSocketFrame frame = decode(NettyWire.closeFrame(ALLOC, code, reason));
    assertThat(frame).isInstanceOf(CloseWebSocketFrame.class);
    assertThat(frame.isFinalFragment()).isTrue();
    return (CloseWebSocketFrame) frame;
  }

  @Test
  void closeFramesCarryTheirCodeAndReason() {
    CloseWebSocketFrame policy = decodeClose((short) 1008, "Invalid token");
    CloseWebSocketFrame noReason = decodeClose((short) 4321, null);
    CloseWebSocketFrame noCode = decodeClose((short) -1, "ignored without a code");
    try {
      assertThat(policy.statusCode()).isEqualTo(1008);
      assertThat(policy.reasonText()).isEqualTo("Invalid token");
      assertThat(noReason.statusCode()).isEqualTo(4321);
      assertThat(noReason.reasonText()).isEmpty();
      assertThat(noCode.content().readableBytes()).isZero();
      assertThat(noCode.statusCode()).isEqualTo(-1);
    } finally {
      policy.release();
      noReason.release();
      noCode.release();
    }
  }

  @Test
  void aCloseReasonOver123BytesIsCutSoTheFrameStaysValid() {
    CloseWebSocketFrame ascii = decodeClose((short) 1011, "x".repeat(200));
    try {
      assertThat(ascii.content().readableBytes()).isEqualTo(125);
      assertThat(ascii.statusCode()).isEqualTo(1011);
      assertThat(ascii.reasonText()).isEqualTo("x".repeat(123));
    } finally {
      ascii.release();
    }
    // Two bytes per character: byte 123 is the first half of one, which must not be sent alone.
    String accents = "é".repeat(100);
    // Four bytes per character, in UTF-16 a surrogate pair: 123 bytes end inside the 31st.
    String headphones = "🎧".repeat(40);
    for (String reason : new String[] {accents, headphones}) {
      CloseWebSocketFrame cut = decodeClose((short) 1011, reason);
      try {
        assertThat(cut.statusCode()).isEqualTo(1011);
        assertThat(cut.content().readableBytes()).isLessThanOrEqualTo(125);
        // Netty's decoder does not check the reason; a browser fails the connection (1006) on bad UTF-8.
        ByteBuf content = cut.content();
        ByteBuf reasonBytes = content.slice(content.readerIndex() + 2, content.readableBytes() - 2);
        assertThat(ByteBufUtil.isText(reasonBytes, StandardCharsets.UTF_8)).as("the reason is whole UTF-8").isTrue();
        assertThat(reason).startsWith(cut.reasonText());
        assertThat(cut.reasonText().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(119);
      } finally {
        cut.release();
      }
    }
  }
}
