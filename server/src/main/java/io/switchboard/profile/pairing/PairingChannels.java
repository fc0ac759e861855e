package io.switchboard.profile.pairing;

import io.switchboard.core.channel.Binding;
import io.switchboard.core.channel.ChannelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Naming of pairing channels and their slots: one {@code desktop} slot and {@code max-devices - 1}
 * mobile slots, {@code mobile}, {@code mobile-2}, {@code mobile-3}, ... (two devices: desktop and
 * mobile, as in the seed). Every mobile slot is a device of type {@code mobile} on the wire.
 */
final class PairingChannels {
  static final String DESKTOP = "desktop";
  static final String MOBILE = "mobile";
  static final String PREFIX = "pair-";
  /**
   * Bound slots that make a pair: the desktop and one mobile. From then on the channel lives by its
   * members; further mobiles of a larger channel can pair until the code expires.
   */
  static final int ESTABLISHED_BY = 2;

  private PairingChannels() {}

  static String name(String code) {
    return PREFIX + code;
  }

  static String topic(String channel) {
    return "pairing:" + channel;
  }

  /** The slots of a channel holding {@code maxDevices} devices. */
  static List<String> slots(int maxDevices) {
    List<String> slots = new ArrayList<>(maxDevices);
    slots.add(DESKTOP);
    slots.add(MOBILE);
    for (int i = 2; i < maxDevices; i++) {
      slots.add(MOBILE + "-" + i);
    }
    return slots;
  }

  static boolean isMobile(String slot) {
    return slot.equals(MOBILE) || slot.startsWith(MOBILE + "-");
  }

  /** The device type a slot stands for on the wire. */
  static String deviceType(String slot) {
    return isMobile(slot) ? MOBILE : slot;
  }

  /** The mobile slot bound to this identity, or null. */
  static String mobileSlotOf(ChannelView view, Binding who) {
    for (Map.Entry<String, Binding> e : view.bindings().entrySet()) {
      if (isMobile(e.getKey()) && e.getValue().equals(who)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The mobile slots nobody is bound to, in order. */
  static List<String> freeMobileSlots(ChannelView view) {
    List<String> free = new ArrayList<>();
    for (String slot : slots(view.capacity())) {
      if (isMobile(slot) && !view.bindings().containsKey(slot)) {
        free.add(slot);
      }
    }
    return free;
  }
}
