package io.switchboard.core.channel.memory;

import io.switchboard.core.channel.Relayed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's replay buffer: its newest relayed messages, at most {@code capacity}, oldest first.
 *
 * <p>The texts are kept as UTF-8 bytes in arrays that are reused from message to message, not as
 * the relayed {@code String}s. On a busy channel every kept message is younger than the last
 * garbage collection, so kept as objects they would all be copied by each young collection; kept
 * this way the buffer is old memory that a young collection leaves alone (docs/benchmarks.md,
 * the relay's pauses). The arrays grow with the traffic: a channel that never relays holds nothing.
 */
final class ReplayRing {
  private static final int FIRST_CAPACITY = 4;
  /** Text arrays are sized in steps of this, so that messages of similar length reuse them. */
  private static final int STEP = 64;

  private static final long[] NO_SEQS = {};
  private static final String[] NO_STRINGS = {};
  private static final byte[][] NO_TEXTS = {};
  private static final int[] NO_LENGTHS = {};

  private final int capacity;
  private long[] seqs = NO_SEQS;
  private String[] senders = NO_STRINGS;
  private String[] slots = NO_STRINGS;
  private byte[][] texts = NO_TEXTS;
  private int[] lengths = NO_LENGTHS;
  /** Index of the oldest entry. */
  private int head;
  private int size;

  ReplayRing(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps a relayed message and the slot that sent it; the oldest goes when the ring is full. */
  void add(Relayed r, String senderSlot) {
    if (capacity <= 0) {
      return;
    }
    if (size == seqs.length && seqs.length < capacity) {
      grow(Math.min(capacity, Math.max(FIRST_CAPACITY, seqs.length * 2)));
    }
    int i;
    if (size == seqs.length) {
      i = head;
      head = (head + 1) % seqs.length;
    } else {
      i = (head + size) % seqs.length;
      size++;
    }
    String text = r.text();
    // ASCII (most traffic) is written straight into the kept array; anything else is encoded first.
    byte[] utf8 = isAscii(text) ? null : text.getBytes(StandardCharsets.UTF_8);
    int length = utf8 == null ? text.length() : utf8.length;
    byte[] kept = texts[i];
    if (kept == null || kept.length < length || kept.length > 4 * Math.max(STEP, length)) {
      kept = new byte[(length + STEP - 1) / STEP * STEP];
      texts[i] = kept;
    }
    if (utf8 == null) {
      for (int j = 0; j < length; j++) {
        kept[j] = (byte) text.charAt(j);
      }
    } else {
      System.arraycopy(utf8, 0, kept, 0, length);
    }
    lengths[i] = length;
    seqs[i] = r.seq();
    senders[i] = r.senderId();
    slots[i] = senderSlot;
  }

  /** The kept messages after {@code afterSeq}, oldest first, except those {@code slot} sent. */
  List<Relayed> after(long afterSeq, String slot) {
    List<Relayed> out = new ArrayList<>();
    for (int n = 0; n < size; n++) {
      int i = (head + n) % seqs.length;
      if (seqs[i] > afterSeq && !slots[i].equals(slot)) {
        out.add(new Relayed(seqs[i], senders[i], new String(texts[i], 0, lengths[i], StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  private static boolean isAscii(String text) {
    for (int j = 0; j < text.length(); j++) {
      if (text.charAt(j) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  private void grow(int newLength) {
    long[] s = new long[newLength];
    String[] from = new String[newLength];
    String[] sl = new String[newLength];
    byte[][] t = new byte[newLength][];
    int[] len = new int[newLength];
    for (int n = 0; n < size; n++) {
      int i = (head + n) % seqs.length;
      s[n] = seqs[i];
      from[n] = senders[i];
      sl[n] = slots[i];
      t[n] = texts[i];
      len[n] = lengths[i];
    }
    seqs = s;
    senders = from;
    slots = sl;
    texts = t;
    lengths = len;
    head = 0;
  }
}
