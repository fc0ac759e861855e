package io.switchboard.core.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The listeners a channel store tells about each channel that expired. A listener that throws is
 * logged on the store's logger and the others are still told.
 */
public final class ExpiryListeners {
  private final Logger log;
  private final List<Consumer<ChannelView>> listeners = new CopyOnWriteArrayList<>();

  public ExpiryListeners(Logger log) {
    this.log = log;
  }

  public void add(Consumer<ChannelView> listener) {
    listeners.add(listener);
  }

  /** Tells every listener, in the order they were added, that a channel expired with this last view. */
  public void tell(ChannelView last) {
    for (Consumer<ChannelView> l : listeners) {
      try {
        l.accept(last);
      } catch (RuntimeException ex) {
        log.error("channel expiry listener failed for {}", last.name(), ex);
      }
    }
  }
}
